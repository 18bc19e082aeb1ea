namespace Moat.Detection.Scan;

/// <summary>What a scan reads and how it works.</summary>
public sealed record ScanOptions
{
    public required IReadOnlyList<string> ExchangeFiles { get; init; }
    public string? AccountsFile { get; init; }
    /// <summary>Worker threads that parse and featurise; the reader and the merge run beside them.</summary>
    public int Workers { get; init; } = Math.Max(1, Environment.ProcessorCount);
    /// <summary>Lines handed to a worker at once.</summary>
    public int BatchLines { get; init; } = 2048;
    /// <summary>Where the compact per-exchange spill goes (a temp file, deleted after the scan).</summary>
    public string? SpillDirectory { get; init; }
    public DetectionSettings Settings { get; init; } = new();
}
