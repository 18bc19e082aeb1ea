using Moat.Reports.Tests.Fixtures;

namespace Moat.Reports.Tests;

/// <summary>The 25,000-account fixture, scanned into a report once for all tests of this class.</summary>
public sealed class LargeScan : IDisposable
{
    private readonly TempFolder _folder = new("moat-report-25k");

    public LargeScan()
    {
        Fixture = ScanFixture.Write(_folder.Path);
        Report = EvidenceReport.Write(_folder.Path);
        Directory.CreateDirectory(RepoPaths.Artifacts);
        File.Copy(Report, Path.Combine(RepoPaths.Artifacts, "report-25k.html"), overwrite: true);
    }

    public ScanFixture.Written Fixture { get; }
    public string Report { get; }

    public void Dispose() => _folder.Dispose();
}

public sealed class LargeCampaignTests(LargeScan scan) : IClassFixture<LargeScan>
{
    [Fact]
    public void Report_of_a_25000_account_campaign_stays_under_20_MB_and_lists_every_member()
    {
        var path = scan.Report;
        var fixture = scan.Fixture;

        long size = new FileInfo(path).Length;
        Assert.True(size < 20 * 1024 * 1024, $"report.html is {size / 1024 / 1024.0:0.0} MB");
        using var data = new PageParts(File.ReadAllText(path)).ParseData();
        var ids = data.RootElement.GetProperty("accounts").GetProperty("ids").EnumerateArray().Select(e => e.GetString()).ToHashSet();
        var big = fixture.Document.Campaigns[0];
        Assert.Equal(25_000, big.Accounts.Count);
        Assert.All(big.Accounts, a => Assert.Contains(a, ids));
        var campaign = data.RootElement.GetProperty("campaigns")[0];
        Assert.Equal(25_000, campaign.GetProperty("accounts").GetInt32());
        Assert.Equal("28.8 million exchanges from 25,000 accounts between 22 April and 5 June 2026, targeting agentic tool use and coding.",
            campaign.GetProperty("sentence").GetString());
    }

    [Fact]
    public void Huge_campaign_graph_is_capped_and_says_how_much_it_left_out()
    {
        using var data = new PageParts(File.ReadAllText(scan.Report)).ParseData();

        var big = data.RootElement.GetProperty("campaigns")[0];
        var graph = big.GetProperty("graph");
        int nodes = graph.GetProperty("nodes").GetArrayLength();
        Assert.Equal(Building.LinkGraphSampler.MaxNodes, nodes);
        Assert.True(graph.GetProperty("linked_accounts").GetInt32() > 20_000);
        Assert.All(graph.GetProperty("edges").EnumerateArray(), e =>
        {
            Assert.InRange(e[0].GetInt32(), 0, nodes - 1);
            Assert.InRange(e[1].GetInt32(), 0, nodes - 1);
        });
        Assert.Equal(40_000, big.GetProperty("link_count").GetInt32());
        Assert.Equal(500, big.GetProperty("links").GetArrayLength());
        var kinds = data.RootElement.GetProperty("link_kinds").EnumerateArray().Select(k => k.GetString()).ToList();
        Assert.All(new[] { "payment", "signup_ip", "ip_prefix", "synchrony", "template", "fingerprint" }, k => Assert.Contains(k, kinds));
    }


    [Fact]
    public void Page_of_a_25000_account_campaign_opens_in_the_browser_with_a_paginated_table()
    {
        var verdict = BrowserCheck.Run(scan.Report, Path.Combine(RepoPaths.Artifacts, "report-25k.png"), hostile: false);

        Assert.True(verdict.GetProperty("ready").GetBoolean());
        Assert.Empty(verdict.GetProperty("pageErrors").EnumerateArray());
        Assert.Empty(verdict.GetProperty("consoleErrors").EnumerateArray());
        Assert.All(verdict.GetProperty("charts").EnumerateArray(), c => Assert.True(c.GetProperty("ok").GetBoolean(), c.ToString()));
        var table = verdict.GetProperty("table");
        // One page of rows in the DOM, not 25,000.
        Assert.Equal(25, table.GetProperty("initialRows").GetInt32());
        var listed = System.Text.RegularExpressions.Regex.Match(table.GetProperty("initialInfo").GetString()!, @"of ([\d,]+) accounts").Groups[1].Value;
        Assert.True(int.Parse(listed.Replace(",", "")) > 25_000, table.GetProperty("initialInfo").GetString());
        Assert.Equal(1, table.GetProperty("searchRows").GetInt32());
    }
}
