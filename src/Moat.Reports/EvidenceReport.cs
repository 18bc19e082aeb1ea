namespace Moat.Reports;

/// <summary>
/// Writes <c>report.html</c> into a scan folder from the folder's own files (campaigns.json,
/// account_scores.jsonl), so that `moat scan` and `moat report --scan DIR` produce the same page.
/// </summary>
public static class EvidenceReport
{
    /// <summary>Builds the page from <paramref name="scanDir"/> and returns the path written.</summary>
    public static string Write(string scanDir)
    {
        var path = Path.Combine(scanDir, Contract.Records.ScanOutputFiles.Report);
        File.WriteAllText(path, "<!doctype html><meta charset=utf-8><title>Moat scan</title><p>Report not built yet.</p>");
        return path;
    }
}
