using Moat.Contract.Io;
using Moat.Contract.Records;
using Moat.Reports.Building;
using Moat.Reports.Loading;
using Moat.Reports.Page;

namespace Moat.Reports;

/// <summary>
/// Writes <c>report.html</c> into a scan folder from the folder's own files (campaigns.json,
/// account_scores.jsonl, enforcement.csv), so that `moat scan` and `moat report --scan DIR` produce the
/// same page. Only campaigns.json is required; every optional file and field may be absent.
/// </summary>
public static class EvidenceReport
{
    /// <summary>Builds the page from <paramref name="scanDir"/> and returns the path written.</summary>
    /// <exception cref="FileNotFoundException">the folder has no campaigns.json.</exception>
    /// <exception cref="InvalidDataException">campaigns.json is not valid JSON.</exception>
    public static string Write(string scanDir) => Write(scanDir, Path.Combine(scanDir, ScanOutputFiles.Report), ReportLimits.Default);

    /// <summary>Builds the page from <paramref name="scanDir"/> into <paramref name="outputPath"/>.</summary>
    public static string Write(string scanDir, string outputPath, ReportLimits limits)
    {
        var content = Load(scanDir, limits);
        var dir = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        // Written next to the target and moved into place, so a reader never sees half a page.
        var temp = outputPath + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            ReportPage.Write(stream, content, limits, DateTime.UtcNow);
        File.Move(temp, outputPath, overwrite: true);
        return outputPath;
    }

    /// <summary>Reads a scan folder into what the page shows.</summary>
    public static ReportContent Load(string scanDir, ReportLimits limits)
    {
        var campaignsPath = Path.Combine(scanDir, ScanOutputFiles.Campaigns);
        if (!File.Exists(campaignsPath))
            throw new FileNotFoundException($"{scanDir} has no {ScanOutputFiles.Campaigns}; is it the --out folder of a scan?", campaignsPath);
        var notes = new LoadNotes();
        var scan = CampaignsFileReader.Read(campaignsPath, notes);

        var enforcement = new Dictionary<string, EnforcementEntry>(StringComparer.Ordinal);
        var enforcementPath = Path.Combine(scanDir, ScanOutputFiles.Enforcement);
        if (File.Exists(enforcementPath))
        {
            var report = new ReadReport();
            foreach (var e in EnforcementCsv.Read(enforcementPath, report)) enforcement[e.AccountId] = e;
            foreach (var d in report.FirstDiagnostics) notes.Add(d.ToString());
        }

        var table = new AccountTableBuilder(scan.Campaigns, enforcement, limits.MaxUnflaggedAccounts);
        var scoresPath = Path.Combine(scanDir, ScanOutputFiles.AccountScores);
        if (File.Exists(scoresPath)) AccountScoresReader.Read(scoresPath, notes, table.Add);
        else notes.Add($"{ScanOutputFiles.AccountScores} is missing: accounts are listed from campaigns.json and {ScanOutputFiles.Enforcement} only");

        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(scanDir)));
        return new ReportContent(scan, table.Finish(), notes, name);
    }
}
