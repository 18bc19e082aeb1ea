using Moat.Contract.Io;

namespace Moat.Contract.Validation;

public sealed record ValidationOptions
{
    /// <summary>Force every file to this kind; null sniffs each file from its first valid record.</summary>
    public ContractKind? Kind { get; init; }

    /// <summary>How many diagnostics per file are kept in full (the rest are only counted).</summary>
    public int KeepDiagnostics { get; init; } = 10;

    public int MaxLineBytes { get; init; } = LineReader.DefaultMaxLineBytes;

    /// <summary>Called with the file and its line number every 100,000 lines, for a progress display.</summary>
    public Action<string, long>? OnProgress { get; init; }
}

/// <summary>
/// Reads contract files the way every command does, but keeps going to count and name every bad line,
/// then compares the files with each other. One streaming pass per file.
/// </summary>
public sealed class ContractValidator(ValidationOptions options)
{
    public ValidationResult Validate(IReadOnlyList<string> paths, Action<FileValidation>? onFile = null)
    {
        var cross = new CrossFileCheck();
        var files = new List<FileValidation>(paths.Count);
        foreach (var path in paths)
        {
            var file = ValidateFile(path, cross);
            files.Add(file);
            onFile?.Invoke(file);
        }
        return new ValidationResult(files, cross.Warnings());
    }

    public FileValidation ValidateFile(string path, CrossFileCheck cross)
    {
        var report = new ReadReport(options.KeepDiagnostics);
        var lines = ContractLineReader.Open(path, report, options.MaxLineBytes);
        if (lines is null) return new FileValidation(path, options.Kind, KindSource.Unknown, report, Opened: false);
        using (lines)
        {
            return options.Kind is { } kind
                ? ValidateAs(lines, RecordCheck.For(kind), report, cross, KindSource.Option)
                : Sniff(lines, report, cross);
        }
    }

    private FileValidation ValidateAs(ContractLineReader lines, RecordCheck check, ReadReport report, CrossFileCheck cross, KindSource source)
    {
        cross.AddFile(check.Kind);
        var onProgress = options.OnProgress;
        while (lines.Next(out var line))
        {
            if (onProgress is not null && lines.LineNumber % 100_000 == 0) onProgress(lines.Path, lines.LineNumber);
            if (check.TryCheck(line.Span, out var accountId, out var problem, out var detail))
            {
                report.AddRecord();
                cross.Add(check.Kind, accountId!);
            }
            else
            {
                lines.AddDiagnostic(lines.LineNumber, problem, detail);
            }
        }
        return new FileValidation(lines.Path, check.Kind, source, report, Opened: true);
    }

    /// <summary>
    /// Tries every kind on each line until one parses. Until then each line's diagnostic is kept per
    /// candidate kind (bounded like any report), so that once the kind is known the earlier bad lines
    /// are reported by that kind's rules, not by a guess.
    /// </summary>
    private FileValidation Sniff(ContractLineReader lines, ReadReport report, CrossFileCheck cross)
    {
        var kinds = ContractKinds.All;
        var pending = new ReadReport[kinds.Count];
        for (int i = 0; i < pending.Length; i++) pending[i] = new ReadReport(options.KeepDiagnostics);
        while (lines.Next(out var line))
        {
            for (int i = 0; i < kinds.Count; i++)
            {
                var check = RecordCheck.For(kinds[i]);
                if (check.TryCheck(line.Span, out var accountId, out var problem, out var detail))
                {
                    report.Merge(pending[i]);
                    report.AddRecord();
                    cross.AddFile(check.Kind);
                    cross.Add(check.Kind, accountId!);
                    var rest = ValidateAs(lines, check, report, cross, KindSource.Sniffed);
                    return rest;
                }
                pending[i].Add(new ReadDiagnostic(lines.Path, lines.LineNumber, problem, detail));
            }
        }
        // No valid record at all: report the bad lines by the rules of the kind the name suggests.
        var hint = ContractKinds.FromFileName(lines.Path);
        report.Merge(pending[hint is { } h ? IndexOf(kinds, h) : 0]);
        return new FileValidation(lines.Path, hint, hint is null ? KindSource.Unknown : KindSource.FileName, report, Opened: true);
    }

    private static int IndexOf(IReadOnlyList<ContractKind> kinds, ContractKind kind)
    {
        for (int i = 0; i < kinds.Count; i++)
        {
            if (kinds[i] == kind) return i;
        }
        return 0;
    }
}
