using System.Text.Json;
using System.Text.Unicode;
using Moat.Contract.Json;

namespace Moat.Contract.Io;

/// <summary>
/// Streams the records of a JSONL contract file. Each bad line becomes a diagnostic in the
/// <see cref="ReadReport"/> and is skipped; the records around it are kept.
/// </summary>
public static class RecordReader
{
    /// <summary>
    /// Reads every record of <paramref name="path"/> (a path or <c>-</c>). When the file yields no
    /// record at all and <paramref name="requireRecords"/> is set, throws <see cref="NoReadableRecordsException"/>
    /// after the enumeration, so that the caller has seen every diagnostic first.
    /// </summary>
    public static IEnumerable<T> Read<T>(
        string path,
        IRecordCodec<T> codec,
        ReadReport report,
        bool requireRecords = true,
        int maxLineBytes = LineReader.DefaultMaxLineBytes)
    {
        // An iterator, so that nothing is opened until the caller enumerates (and disposal closes it).
        var lines = ContractLineReader.Open(path, report, maxLineBytes);
        if (lines is null)
        {
            if (requireRecords) throw new NoReadableRecordsException(path, report, "cannot be opened");
            yield break;
        }
        foreach (var record in ReadLines(lines, codec, report, requireRecords)) yield return record;
    }

    /// <summary>
    /// Reads records from an open stream (plain or gzip, detected by magic bytes); <paramref name="name"/>
    /// names it in diagnostics. The stream is disposed when the enumeration ends.
    /// </summary>
    public static IEnumerable<T> Read<T>(
        Stream raw,
        string name,
        IRecordCodec<T> codec,
        ReadReport report,
        bool requireRecords = true,
        int maxLineBytes = LineReader.DefaultMaxLineBytes)
    {
        Stream decompressed;
        try
        {
            decompressed = ContractInput.Decompress(raw);
        }
        catch (IOException e)
        {
            raw.Dispose();
            report.Add(new ReadDiagnostic(name, 0, ReadProblems.UnreadableStream, e.Message));
            if (requireRecords) throw new NoReadableRecordsException(name, report, "cannot be read");
            yield break;
        }
        foreach (var record in ReadLines(ContractLineReader.Open(decompressed, name, report, maxLineBytes), codec, report, requireRecords))
            yield return record;
    }

    private static IEnumerable<T> ReadLines<T>(ContractLineReader lines, IRecordCodec<T> codec, ReadReport report, bool requireRecords)
    {
        long records = 0;
        using (lines)
        {
            while (lines.Next(out var line))
            {
                if (TryParse(line.Span, codec, out T? record, out string problem, out string detail))
                {
                    records++;
                    report.AddRecord();
                    yield return record!;
                }
                else
                {
                    lines.AddDiagnostic(lines.LineNumber, problem, detail);
                }
            }
        }
        if (records == 0 && requireRecords)
        {
            throw new NoReadableRecordsException(lines.Path, report,
                lines.BadLines == 0 ? "the file is empty" : $"all {lines.BadLines:N0} lines are bad");
        }
    }

    /// <summary>Parses one line, turning every way it can be bad into a problem code and a message.</summary>
    /// <remarks>
    /// UTF-8 is checked only when the parse fails: every string the record keeps is validated by
    /// <c>GetString</c> anyway, so a separate pass over every good line would cost ~10% of the read for
    /// nothing but rejecting invalid bytes inside fields the contract says to ignore. A failed line that
    /// is not UTF-8 is reported as <c>invalid_utf8</c>, whatever else is wrong with it.
    /// </remarks>
    public static bool TryParse<T>(ReadOnlySpan<byte> line, IRecordCodec<T> codec, out T? record, out string problem, out string detail)
    {
        record = default;
        problem = detail = string.Empty;
        try
        {
            record = codec.Parse(line);
            return true;
        }
        catch (RecordFormatException e)
        {
            problem = e.Problem;
            detail = e.Message;
        }
        catch (JsonException e)
        {
            problem = ReadProblems.MalformedJson;
            detail = $"not valid JSON at byte {e.BytePositionInLine}: {JsonReason(e.Message)}";
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader reports some value errors (bad escapes, invalid UTF-8 in a string) this way.
            problem = ReadProblems.MalformedJson;
            detail = e.Message;
        }
        catch (FormatException e)
        {
            problem = ReadProblems.InvalidValue;
            detail = e.Message;
        }
        if (!Utf8.IsValid(line))
        {
            problem = ReadProblems.InvalidUtf8;
            detail = $"invalid UTF-8 at byte {FirstInvalidUtf8(line)}";
        }
        return false;
    }

    // System.Text.Json appends " LineNumber: 0 | BytePositionInLine: 7." which repeats what we already say.
    private static string JsonReason(string message)
    {
        int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> line)
    {
        int valid = 0;
        while (valid < line.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(line[valid..], out _, out int consumed);
            if (status != System.Buffers.OperationStatus.Done) return valid;
            valid += consumed;
        }
        return valid;
    }
}
