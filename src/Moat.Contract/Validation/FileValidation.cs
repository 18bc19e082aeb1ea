using Moat.Contract.Io;

namespace Moat.Contract.Validation;

/// <summary>How the kind of a file was decided.</summary>
public enum KindSource
{
    /// <summary>Given by the caller (<c>--kind</c>).</summary>
    Option,
    /// <summary>The first valid record parsed as this kind.</summary>
    Sniffed,
    /// <summary>No record was valid; the file name suggested it (diagnostics use its rules).</summary>
    FileName,
    /// <summary>No record was valid and the name says nothing.</summary>
    Unknown,
}

/// <summary>What validating one file found.</summary>
public sealed record FileValidation(string Path, ContractKind? Kind, KindSource KindSource, ReadReport Report, bool Opened)
{
    /// <summary>At least one valid record: the file can be used, bad lines or not.</summary>
    public bool Readable => Opened && Report.Records > 0;

    public bool Clean => Readable && Report.BadLines == 0;

    /// <summary>Why the file is unreadable, in words; null when it is readable.</summary>
    public string? Why => Readable ? null
        : !Opened ? "cannot be opened"
        : Report.BadLines == 0 ? "the file is empty"
        : $"no readable record: all {Report.BadLines:N0} bad";
}

public enum ValidationOutcome
{
    /// <summary>Every file readable and without a bad line.</summary>
    Clean,
    /// <summary>Every file readable, some lines bad.</summary>
    BadRecords,
    /// <summary>At least one file could not be opened or has no valid record.</summary>
    Unreadable,
}

public sealed record ValidationResult(IReadOnlyList<FileValidation> Files, IReadOnlyList<ConsistencyWarning> Warnings)
{
    public ValidationOutcome Outcome =>
        Files.Any(f => !f.Readable) ? ValidationOutcome.Unreadable
        : Files.Any(f => !f.Clean) ? ValidationOutcome.BadRecords
        : ValidationOutcome.Clean;
}
