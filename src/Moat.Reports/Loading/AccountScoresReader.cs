using System.Text;
using Moat.Contract.Io;
using Moat.Contract.Json;
using Moat.Contract.Records;

namespace Moat.Reports.Loading;

/// <summary>
/// Streams account_scores.jsonl one line at a time into a consumer, so the report's memory follows
/// what it keeps (flagged accounts and a bounded sample), not the file's size. A bad line becomes a note
/// with its line number and the rest of the file is still read.
/// </summary>
public static class AccountScoresReader
{
    public static long Read(string path, LoadNotes notes, Action<AccountScore> consume)
    {
        using var reader = new StreamReader(ContractInput.Open(path), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var name = Path.GetFileName(path);
        long lineNumber = 0, read = 0, bad = 0;
        byte[] buffer = new byte[4096];
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            int max = Encoding.UTF8.GetMaxByteCount(line.Length);
            if (buffer.Length < max) buffer = new byte[Math.Max(max, buffer.Length * 2)];
            int length = Encoding.UTF8.GetBytes(line, buffer);
            AccountScore score;
            try
            {
                score = AccountScoreCodec.Instance.Parse(buffer.AsSpan(0, length));
            }
            catch (Exception e) when (e is RecordFormatException or System.Text.Json.JsonException or FormatException or InvalidOperationException)
            {
                bad++;
                notes.Add($"{name} line {lineNumber}: {e.Message}; skipped");
                continue;
            }
            if (!double.IsFinite(score.Score) || score.Score is < 0 or > 1)
            {
                notes.Add($"{name} line {lineNumber}: score {score.Score} outside 0..1; clamped");
                score = score with { Score = double.IsFinite(score.Score) ? Math.Clamp(score.Score, 0, 1) : 0 };
            }
            read++;
            consume(score);
        }
        return read;
    }
}
