namespace Moat.Contract.Io;

/// <summary>
/// The lines of one contract file, with every problem below the record level (cannot open, line too
/// long, truncated or corrupt compressed stream) already turned into a diagnostic in the report.
/// Shared by <see cref="RecordReader"/> and the validator so both apply the same reading rules.
/// </summary>
public sealed class ContractLineReader : IDisposable
{
    private readonly LineReader _lines;
    private readonly ReadReport _report;

    private ContractLineReader(string path, LineReader lines, ReadReport report)
    {
        Path = path;
        _lines = lines;
        _report = report;
    }

    public string Path { get; }

    /// <summary>The 1-based number of the line last returned.</summary>
    public long LineNumber => _lines.LineNumber;

    /// <summary>Bad lines (of any reason) reported for this file so far.</summary>
    public long BadLines { get; private set; }

    /// <summary>Opens <paramref name="path"/> (or <c>-</c>); null, with an <c>unreadable_stream</c> diagnostic, when it cannot be opened.</summary>
    public static ContractLineReader? Open(string path, ReadReport report, int maxLineBytes = LineReader.DefaultMaxLineBytes)
    {
        try
        {
            return Open(ContractInput.Open(path), path, report, maxLineBytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            report.Add(new ReadDiagnostic(path, 0, ReadProblems.UnreadableStream, e.Message));
            return null;
        }
    }

    /// <summary>Reads an already opened, already decompressed stream; <paramref name="path"/> names it in diagnostics.</summary>
    public static ContractLineReader Open(Stream decompressed, string path, ReadReport report, int maxLineBytes = LineReader.DefaultMaxLineBytes) =>
        new(path, new LineReader(decompressed, maxLineBytes), report);

    /// <summary>The next line worth parsing, or false at the end (normal or not).</summary>
    public bool Next(out ReadOnlyMemory<byte> line)
    {
        while (true)
        {
            switch (_lines.Next(out line))
            {
                case LineStatus.Line:
                    return true;
                case LineStatus.TooLong:
                    _report.Add(TooLongDiagnostic(Path, _lines));
                    BadLines++;
                    continue;
                case LineStatus.StreamError:
                    _report.Add(StreamErrorDiagnostic(Path, _lines));
                    BadLines++;
                    _report.AddBytes(_lines.BytesRead);
                    return false;
                default:
                    _report.AddBytes(_lines.BytesRead);
                    return false;
            }
        }
    }

    /// <summary>The diagnostic for a <see cref="LineStatus.StreamError"/>: which reason, and that every complete line before it was read.</summary>
    public static ReadDiagnostic StreamErrorDiagnostic(string path, LineReader lines)
    {
        var (problem, what) = lines.Error switch
        {
            TruncatedStreamException or EndOfStreamException => (ReadProblems.TruncatedStream, "stream is truncated"),
            InvalidDataException => (ReadProblems.CorruptStream, "compressed data is corrupt"),
            _ => (ReadProblems.UnreadableStream, "reading failed"),
        };
        return new ReadDiagnostic(path, lines.LineNumber + 1, problem,
            $"{what} after line {lines.LineNumber:N0}; every complete line before it was read ({lines.Error?.Message})");
    }

    /// <summary>The diagnostic for a <see cref="LineStatus.TooLong"/> line.</summary>
    public static ReadDiagnostic TooLongDiagnostic(string path, LineReader lines) =>
        new(path, lines.LineNumber, ReadProblems.LineTooLong, $"line is {lines.MaxLineBytes:N0} bytes or longer; skipped without reading it whole");

    /// <summary>Reports a bad line of this file.</summary>
    public void AddDiagnostic(long line, string problem, string detail)
    {
        BadLines++;
        _report.Add(new ReadDiagnostic(Path, line, problem, detail));
    }

    public void Dispose() => _lines.Dispose();
}
