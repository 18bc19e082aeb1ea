using Moat.Contract.Io;
using Moat.Contract.Json;
using Moat.Contract.Records;
using Moat.Detection.Scan;
using Moat.Simulation;

namespace Moat.Reports.Tests.Fixtures;

/// <summary>
/// A simulated preset scanned in-process the way `moat scan` does it (Moat.Simulation, then
/// Moat.Detection's pipeline and output writer, then the report), in a temp folder.
/// </summary>
public sealed class SimulatedScan : IDisposable
{
    private readonly TempFolder _folder = new("moat-report-sim");

    /// <param name="hostileCampaign">When set, the accounts of this simulated campaign get hostile ids,
    /// user agents and prompts before the scan, so the payloads travel through detection into the page.</param>
    public SimulatedScan(SimulationOptions options, string? hostileCampaign = null)
    {
        var data = Path.Combine(_folder.Path, "data");
        ScanDir = Path.Combine(_folder.Path, "scan");
        var summary = TrafficSimulator.Run(options with { Workers = 2 }, data);
        string exchanges = summary.ExchangesPath, accounts = summary.AccountsPath;
        if (hostileCampaign is not null) (exchanges, accounts) = MakeHostile(summary, hostileCampaign, data);

        var scan = new ScanOptions { ExchangeFiles = [exchanges], AccountsFile = accounts, Workers = 2, SpillDirectory = _folder.Path };
        var result = new ScanPipeline(scan).Run();
        Document = ScanOutputWriter.Write(result, ScanDir, scan.Settings, new DateTime(2026, 6, 9, 6, 0, 0, DateTimeKind.Utc));
        Report = EvidenceReport.Write(ScanDir);
    }

    public string ScanDir { get; }
    public string Report { get; }
    public CampaignsDocument Document { get; }

    private static (string Exchanges, string Accounts) MakeHostile(SimulationSummary summary, string campaign, string dir)
    {
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        var report = new ReadReport();
        foreach (var label in RecordReader.Read(summary.LabelsPath, LabelCodec.Instance, report))
            if (label.CampaignId == campaign) renamed[label.AccountId] = label.AccountId + ScanFixture.Payloads[renamed.Count % ScanFixture.Payloads.Length];

        var accountsPath = Path.Combine(dir, "accounts.hostile.jsonl");
        using (var w = RecordWriter<Account>.Create(accountsPath, AccountCodec.Instance))
            foreach (var a in RecordReader.Read(summary.AccountsPath, AccountCodec.Instance, report))
                w.Write(renamed.TryGetValue(a.AccountId, out var id) ? a with { AccountId = id } : a);

        var exchangesPath = Path.Combine(dir, "exchanges.hostile.jsonl");
        long n = 0;
        using (var w = RecordWriter<Exchange>.Create(exchangesPath, ExchangeCodec.Instance))
        {
            foreach (var e in RecordReader.Read(summary.ExchangesPath, ExchangeCodec.Instance, report))
            {
                if (!renamed.TryGetValue(e.AccountId, out var id)) { w.Write(e); continue; }
                var payload = ScanFixture.Payloads[n++ % ScanFixture.Payloads.Length];
                var messages = e.Request.Messages.ToList();
                int last = messages.FindLastIndex(m => m.Role == ChatRoles.User);
                if (last >= 0) messages[last] = messages[last] with { Content = payload + " " + messages[last].Content };
                w.Write(e with { AccountId = id, UserAgent = "python-httpx/0.27.0 " + payload, Request = e.Request with { Messages = messages } });
            }
        }
        return (exchangesPath, accountsPath);
    }

    public void Dispose() => _folder.Dispose();
}

/// <summary>The `small` preset (seed 7), simulated and scanned once for the tests that share it.</summary>
public sealed class SmallScan() : IDisposable
{
    private readonly SimulatedScan _scan = new(SimulationPresets.Small() with { Seed = 7 });

    public string ScanDir => _scan.ScanDir;
    public string Report => _scan.Report;
    public CampaignsDocument Document => _scan.Document;

    public void Dispose() => _scan.Dispose();
}
