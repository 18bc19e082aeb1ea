using Moat.Contract.Io;
using Moat.Contract.Json;
using Moat.Contract.Records;
using Moat.Detection.Scan;

namespace Moat.Detection.Tests;

public sealed class ScanPipelineTests
{
    private static (ScanResult Result, CampaignsDocument Doc, string Dir) Scan(Traffic traffic, int workers = 2, params string[] badLines)
    {
        string dir = Traffic.TempDir();
        var (ex, ac) = traffic.Write(Path.Combine(dir, "in"), badLines);
        var options = new ScanOptions { ExchangeFiles = [ex], AccountsFile = ac, Workers = workers, BatchLines = 64 };
        var result = new ScanPipeline(options).Run();
        var doc = ScanOutputWriter.Write(result, Path.Combine(dir, "out"), options.Settings, new DateTime(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc));
        return (result, doc, Path.Combine(dir, "out"));
    }

    [Fact]
    public void Finds_the_fleet_and_flags_no_organic_account_nat_user_or_verified_organisation()
    {
        var (_, doc, dir) = Scan(World.Build());
        var campaign = Assert.Single(doc.Campaigns);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"fleet_{i:D2}"), campaign.Accounts);
        Assert.True(campaign.Capabilities["reasoning_trace"] > 0.8);
        Assert.Contains(campaign.Evidence, e => e.Kind == "link:payment");
        Assert.Contains(campaign.Evidence, e => e.Kind == "behaviour:chain_of_thought");
        Assert.NotEmpty(campaign.Templates!);
        Assert.Equal(24, campaign.HourOfDay!.Count);
        Assert.Equal(campaign.Exchanges, campaign.Timeline!.Sum(d => d.Exchanges));

        var scores = RecordReader.Read(Path.Combine(dir, ScanOutputFiles.AccountScores), AccountScoreCodec.Instance, new ReadReport()).ToList();
        Assert.Equal(World.Build().Accounts.Count, scores.Count);
        Assert.All(scores.Where(s => !s.AccountId.StartsWith("fleet_", StringComparison.Ordinal)), s =>
        {
            Assert.Null(s.CampaignId);
            Assert.Equal(EnforcementActions.Allow, s.Action);
        });
        var enforcement = EnforcementCsv.Read(Path.Combine(dir, ScanOutputFiles.Enforcement));
        Assert.Equal(campaign.Accounts.Order(StringComparer.Ordinal), enforcement.Select(e => e.AccountId).Order(StringComparer.Ordinal));
        Assert.All(enforcement, e => Assert.Equal(campaign.Id, e.CampaignId));
    }

    [Fact]
    public void Bad_lines_are_counted_with_their_line_numbers_and_the_rest_is_scanned()
    {
        var traffic = World.Build(organic: 10, fleet: 4, natUsers: 0, orgAccounts: 0);
        var (result, doc, _) = Scan(traffic, 2, "{not json", "{\"id\":\"x\"}");
        Assert.Equal(traffic.Exchanges.Count, result.Exchanges);
        Assert.Equal(2, result.ExchangeReport.BadLines);
        Assert.Equal(2, doc.Stats!.BadLines);
        var lines = result.ExchangeReport.FirstDiagnostics.Select(d => d.Line).ToList();
        Assert.Equal([traffic.Exchanges.Count + 1, traffic.Exchanges.Count + 2], lines);
    }

    [Fact]
    public void Output_does_not_depend_on_the_number_of_workers_and_ids_are_stable()
    {
        var traffic = World.Build(organic: 30, fleet: 6);
        var one = Scan(traffic, workers: 1);
        var two = Scan(traffic, workers: 2);
        Assert.Equal(one.Doc.Campaigns.Select(c => c.Id), two.Doc.Campaigns.Select(c => c.Id));
        Assert.Equal(
            File.ReadAllText(Path.Combine(one.Dir, ScanOutputFiles.AccountScores)),
            File.ReadAllText(Path.Combine(two.Dir, ScanOutputFiles.AccountScores)));
    }

    [Fact]
    public void Campaigns_json_round_trips_with_the_extensions()
    {
        var (_, doc, dir) = Scan(World.Build(organic: 20, fleet: 5));
        var read = CampaignsJson.Read(Path.Combine(dir, ScanOutputFiles.Campaigns));
        Assert.Equal(doc.Campaigns.Count, read.Campaigns.Count);
        var (a, b) = (doc.Campaigns[0], read.Campaigns[0]);
        Assert.Equal(a.Accounts, b.Accounts);
        Assert.Equal(a.Links!.Count, b.Links!.Count);
        Assert.Equal(a.Templates!.Select(t => t.Pattern), b.Templates!.Select(t => t.Pattern));
        Assert.Equal(doc.Stats, read.Stats);
        Assert.NotNull(read.OrganicTimeline);
        Assert.True(read.Campaigns.All(c => c.Accounts.Count >= 2));
    }
}
