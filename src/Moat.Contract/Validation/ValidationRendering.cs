using System.Text.Encodings.Web;
using System.Text.Json;
using Moat.Contract.Io;

namespace Moat.Contract.Validation;

/// <summary>Prints a <see cref="ValidationResult"/> for people (text) or scripts (JSON). The JSON shape is stable.</summary>
public static class ValidationRendering
{
    public static string OutcomeName(ValidationOutcome outcome) => outcome switch
    {
        ValidationOutcome.Clean => "clean",
        ValidationOutcome.BadRecords => "bad_records",
        ValidationOutcome.Unreadable => "unreadable",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    public static string KindSourceName(KindSource source) => source switch
    {
        KindSource.Option => "option",
        KindSource.Sniffed => "sniffed",
        KindSource.FileName => "file_name",
        KindSource.Unknown => "unknown",
        _ => throw new ArgumentOutOfRangeException(nameof(source)),
    };

    /// <summary>Diagnostics by line: stream-level ones are found while reading, record-level ones may be merged later.</summary>
    public static List<ReadDiagnostic> OrderedDiagnostics(FileValidation file) =>
        [.. file.Report.FirstDiagnostics.OrderBy(d => d.Line)];

    public static void WriteFileText(TextWriter w, FileValidation file)
    {
        var r = file.Report;
        string kind = file.Kind is { } k ? ContractKinds.Name(k) : "unknown kind";
        if (file.KindSource == KindSource.FileName) kind += " (guessed from the name)";
        w.Write($"{file.Path}: {kind}, {r.Records:N0} valid, {r.BadLines:N0} bad");
        var problems = r.ProblemCounts;
        if (problems.Count > 0)
        {
            var parts = problems.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value:N0}");
            w.Write($" ({string.Join(", ", parts)})");
        }
        w.WriteLine(file.Readable ? "" : $": UNREADABLE, {file.Why}");
        var shown = OrderedDiagnostics(file);
        foreach (var d in shown) w.WriteLine($"  line {d.Line}: {d.Problem}: {d.Detail}");
        if (r.BadLines > shown.Count) w.WriteLine($"  ... and {r.BadLines - shown.Count:N0} more bad lines");
    }

    public static void WriteSummaryText(TextWriter w, ValidationResult result)
    {
        foreach (var warning in result.Warnings)
        {
            w.Write($"warning: {warning.Code}: {warning.Detail}");
            w.WriteLine(warning.Examples.Count > 0 ? $" (e.g. {string.Join(", ", warning.Examples)})" : "");
        }
        int unreadable = result.Files.Count(f => !f.Readable);
        int withBad = result.Files.Count(f => f.Readable && !f.Clean);
        w.WriteLine(result.Outcome switch
        {
            ValidationOutcome.Clean => $"ok: {result.Files.Count} file(s) clean",
            ValidationOutcome.BadRecords => $"bad records: {withBad} of {result.Files.Count} file(s) have bad lines (they are skipped when read)",
            _ => $"unreadable: {unreadable} of {result.Files.Count} file(s) have no readable record",
        });
    }

    public static void WriteJson(Stream stream, ValidationResult result)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteString("outcome"u8, OutcomeName(result.Outcome));
        w.WriteStartArray("files"u8);
        foreach (var file in result.Files) WriteFile(w, file);
        w.WriteEndArray();
        w.WriteStartArray("warnings"u8);
        foreach (var warning in result.Warnings)
        {
            w.WriteStartObject();
            w.WriteString("code"u8, warning.Code);
            w.WriteNumber("count"u8, warning.Count);
            w.WriteString("detail"u8, warning.Detail);
            w.WriteStartArray("examples"u8);
            foreach (var e in warning.Examples) w.WriteStringValue(e);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteFile(Utf8JsonWriter w, FileValidation file)
    {
        var r = file.Report;
        w.WriteStartObject();
        w.WriteString("path"u8, file.Path);
        if (file.Kind is { } kind) w.WriteString("kind"u8, ContractKinds.Name(kind)); else w.WriteNull("kind"u8);
        w.WriteString("kind_source"u8, KindSourceName(file.KindSource));
        w.WriteBoolean("readable"u8, file.Readable);
        if (file.Why is { } why) w.WriteString("why"u8, why);
        w.WriteNumber("valid"u8, r.Records);
        w.WriteNumber("bad"u8, r.BadLines);
        w.WriteNumber("bytes"u8, r.Bytes);
        w.WriteStartObject("problems"u8);
        foreach (var (problem, count) in r.ProblemCounts.OrderBy(p => p.Key, StringComparer.Ordinal)) w.WriteNumber(problem, count);
        w.WriteEndObject();
        w.WriteStartArray("diagnostics"u8);
        foreach (var d in OrderedDiagnostics(file))
        {
            w.WriteStartObject();
            w.WriteNumber("line"u8, d.Line);
            w.WriteString("problem"u8, d.Problem);
            w.WriteString("detail"u8, d.Detail);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
