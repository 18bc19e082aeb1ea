namespace Moat.Contract.Io;

/// <summary>Why a line of input was not turned into a record. The code is stable for scripts.</summary>
public static class ReadProblems
{
    public const string MalformedJson = "malformed_json";
    public const string NotAnObject = "not_an_object";
    public const string MissingField = "missing_field";
    public const string WrongType = "wrong_type";
    public const string InvalidValue = "invalid_value";
    public const string InvalidUtf8 = "invalid_utf8";
    public const string LineTooLong = "line_too_long";
    public const string TruncatedStream = "truncated_stream";
    public const string CorruptStream = "corrupt_stream";
    public const string UnreadableStream = "unreadable_stream";
}

/// <summary>One bad line: where it is and what is wrong with it.</summary>
public readonly record struct ReadDiagnostic(string File, long Line, string Problem, string Detail)
{
    public override string ToString() => $"{File}:{Line}: {Problem}: {Detail}";
}

/// <summary>Thrown by a record parser for a line it cannot accept; carries the contract problem code.</summary>
public sealed class RecordFormatException(string problem, string detail) : Exception(detail)
{
    public string Problem { get; } = problem;
}
