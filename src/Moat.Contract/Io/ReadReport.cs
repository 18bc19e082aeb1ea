namespace Moat.Contract.Io;

/// <summary>
/// What reading one or more files produced: counts of good records and of bad lines by problem,
/// and the first diagnostics in full. Memory stays bounded however bad the input is.
/// </summary>
public sealed class ReadReport
{
    private readonly Dictionary<string, long> _problems = new(StringComparer.Ordinal);
    private readonly List<ReadDiagnostic> _first = [];
    private readonly Lock _gate = new();

    public ReadReport(int keepDiagnostics = 100) => KeepDiagnostics = keepDiagnostics;

    /// <summary>How many diagnostics are kept in full; the rest are only counted.</summary>
    public int KeepDiagnostics { get; }

    /// <summary>Called for every diagnostic as it happens (e.g. to print it), in addition to counting.</summary>
    public Action<ReadDiagnostic>? OnDiagnostic { get; set; }

    public long Records { get; private set; }
    public long BadLines { get; private set; }
    public long Bytes { get; private set; }

    public IReadOnlyDictionary<string, long> ProblemCounts
    {
        get { lock (_gate) return new Dictionary<string, long>(_problems, StringComparer.Ordinal); }
    }

    public IReadOnlyList<ReadDiagnostic> FirstDiagnostics
    {
        get { lock (_gate) return [.. _first]; }
    }

    public void AddRecord()
    {
        lock (_gate) Records++;
    }

    public void AddRecords(long count)
    {
        lock (_gate) Records += count;
    }

    public void AddBytes(long count)
    {
        lock (_gate) Bytes += count;
    }

    public void Add(in ReadDiagnostic diagnostic)
    {
        lock (_gate)
        {
            BadLines++;
            _problems[diagnostic.Problem] = _problems.GetValueOrDefault(diagnostic.Problem) + 1;
            if (_first.Count < KeepDiagnostics) _first.Add(diagnostic);
        }
        OnDiagnostic?.Invoke(diagnostic);
    }

    /// <summary>Adds another report's records, bytes and diagnostics (the kept ones in full, the rest as counts).</summary>
    public void Merge(ReadReport other)
    {
        var problems = other.ProblemCounts;
        var first = other.FirstDiagnostics;
        lock (_gate)
        {
            Records += other.Records;
            Bytes += other.Bytes;
            BadLines += other.BadLines;
            foreach (var (problem, count) in problems) _problems[problem] = _problems.GetValueOrDefault(problem) + count;
            foreach (var d in first)
            {
                if (_first.Count >= KeepDiagnostics) break;
                _first.Add(d);
            }
        }
    }

    /// <summary>One line such as <c>1,204 records, 3 bad lines (malformed_json 2, missing_field 1)</c>.</summary>
    public string Summary()
    {
        var problems = ProblemCounts;
        var text = $"{Records:N0} records, {BadLines:N0} bad lines";
        if (problems.Count == 0) return text;
        var parts = problems.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value:N0}");
        return $"{text} ({string.Join(", ", parts)})";
    }
}

/// <summary>Raised when an input yields no readable record at all: an input error, not a crash.</summary>
public sealed class NoReadableRecordsException(string file, ReadReport report, string why)
    : Exception($"{file}: no readable record: {why}")
{
    public string File { get; } = file;
    /// <summary>Why, in words: <c>the file is empty</c>, <c>cannot be opened</c>, <c>all 12 lines are bad</c>.</summary>
    public string Why { get; } = why;
    public ReadReport Report { get; } = report;
}
