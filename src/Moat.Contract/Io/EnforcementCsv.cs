using System.Globalization;
using System.Text;
using Moat.Contract.Records;

namespace Moat.Contract.Io;

/// <summary>
/// <c>enforcement.csv</c>: <c>account_id,action,campaign_id,score,reason</c> (RFC 4180 quoting),
/// one row for every account whose action is not <c>allow</c>.
/// </summary>
public static class EnforcementCsv
{
    public const string Header = "account_id,action,campaign_id,score,reason";

    public static void Write(string path, IEnumerable<EnforcementEntry> entries)
    {
        using var stream = ContractInput.Create(path);
        using var w = new StreamWriter(stream, new UTF8Encoding(false));
        w.NewLine = "\n";
        w.WriteLine(Header);
        foreach (var e in entries)
        {
            w.Write(Quote(e.AccountId)); w.Write(',');
            w.Write(Quote(e.Action)); w.Write(',');
            w.Write(Quote(e.CampaignId ?? "")); w.Write(',');
            w.Write(e.Score.ToString("0.####", CultureInfo.InvariantCulture)); w.Write(',');
            w.WriteLine(Quote(e.Reason));
        }
    }

    public static List<EnforcementEntry> Read(string path, ReadReport? report = null)
    {
        var result = new List<EnforcementEntry>();
        using var reader = new StreamReader(ContractInput.Open(path), Encoding.UTF8);
        long lineNumber = 0;
        var fields = new List<string>(5);
        while (ReadRecord(reader, fields, ref lineNumber) is { } startLine)
        {
            if (startLine == 1 && fields.Count > 0 && fields[0] == "account_id") continue;
            if (fields.Count != 5 || fields[0].Length == 0 || !EnforcementActions.IsKnown(fields[1]) ||
                !double.TryParse(fields[3], NumberStyles.Float, CultureInfo.InvariantCulture, out double score))
            {
                report?.Add(new ReadDiagnostic(path, startLine, ReadProblems.InvalidValue,
                    "expected account_id,action,campaign_id,score,reason with a known action and a numeric score"));
                continue;
            }
            report?.AddRecord();
            result.Add(new EnforcementEntry(fields[0], fields[1], fields[2].Length == 0 ? null : fields[2], score, fields[4]));
        }
        return result;
    }

    private static string Quote(string s) =>
        s.AsSpan().IndexOfAny(",\"\n\r") < 0 ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Reads one RFC 4180 record (quoted fields may span lines); returns its first line number or null at the end.</summary>
    private static long? ReadRecord(StreamReader reader, List<string> fields, ref long lineNumber)
    {
        fields.Clear();
        string? line = reader.ReadLine();
        while (line is not null && line.Length == 0) { lineNumber++; line = reader.ReadLine(); }
        if (line is null) return null;
        lineNumber++;
        long start = lineNumber;
        var field = new StringBuilder();
        bool quoted = false;
        int i = 0;
        while (true)
        {
            if (i >= line.Length)
            {
                if (quoted)
                {
                    var next = reader.ReadLine();
                    if (next is null) break;
                    lineNumber++;
                    field.Append('\n');
                    line = next;
                    i = 0;
                    continue;
                }
                break;
            }
            char c = line[i++];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i < line.Length && line[i] == '"') { field.Append('"'); i++; }
                    else quoted = false;
                }
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return start;
    }
}
