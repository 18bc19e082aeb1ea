using System.Text.Json;
using Moat.Reports.Tests.Fixtures;

namespace Moat.Reports.Tests;

/// <summary>
/// Opens real reports in headless Chromium: the report of the `small` preset simulated and scanned
/// in-process, and reports full of injection payloads. The screenshot of the small report is kept in
/// artifacts/report-small.png (with the page beside it) for a person to look at.
/// </summary>
public sealed class BrowserReportTests(SmallScan small) : IClassFixture<SmallScan>
{
    private static List<string> Strings(JsonElement verdict, string name) =>
        [.. verdict.GetProperty(name).EnumerateArray().Select(e => e.ToString())];

    private static void AssertCleanRun(JsonElement verdict)
    {
        Assert.True(verdict.GetProperty("ready").GetBoolean(), "the page script did not finish: " + verdict);
        foreach (var name in new[] { "pageErrors", "consoleErrors", "cspViolations", "requests" })
        {
            var found = Strings(verdict, name);
            Assert.True(found.Count == 0, $"{name}:\n{string.Join("\n", found)}");
        }
    }

    private static void AssertNoScriptRan(JsonElement verdict)
    {
        AssertCleanRun(verdict);
        Assert.Empty(Strings(verdict, "dialogs"));
        Assert.Empty(Strings(verdict, "alerts"));
        var injection = verdict.GetProperty("injection");
        Assert.Equal(3, injection.GetProperty("scripts").GetInt32());
        Assert.Equal(0, injection.GetProperty("injectedElements").GetInt32());
        Assert.True(injection.GetProperty("payloadShownAsText").GetBoolean(), "the payload should be visible as plain text");
        Assert.True(injection.GetProperty("searchRows").GetInt32() > 0, "searching for a payload should find the hostile accounts");
        // The tooltips really rendered (ECharts inserts them as HTML), so the escaping was exercised.
        Assert.True(injection.GetProperty("tooltipsShown").GetInt32() > 50);
        Assert.True(injection.GetProperty("tooltipElements").GetInt32() > 0);
    }

    [Fact]
    public void Small_scan_report_draws_every_chart_without_console_errors()
    {
        var report = small.Report;
        Directory.CreateDirectory(RepoPaths.Artifacts);
        File.Copy(report, Path.Combine(RepoPaths.Artifacts, "report-small.html"), overwrite: true);
        var screenshot = Path.Combine(RepoPaths.Artifacts, "report-small.png");
        File.Delete(screenshot);

        var verdict = BrowserCheck.Run(report, screenshot, hostile: false);

        AssertCleanRun(verdict);
        var charts = verdict.GetProperty("charts").EnumerateArray().ToList();
        var names = charts.Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Equal(["overview-traffic", "score-distribution", "campaign-traffic", "campaign-capabilities", "campaign-hours", "campaign-graph"], names);
        Assert.All(charts, c => Assert.True(c.GetProperty("ok").GetBoolean(), $"chart {c.GetProperty("name")} is blank: {c.GetProperty("detail")}"));
        Assert.True(new FileInfo(screenshot).Length > 10_000, "screenshot missing or empty");

        var table = verdict.GetProperty("table");
        Assert.Equal(25, table.GetProperty("initialRows").GetInt32());
        Assert.True(table.GetProperty("sortChangedFirstRow").GetBoolean());
        Assert.Equal("ascending", table.GetProperty("sortState").GetString());
        Assert.Equal(1, table.GetProperty("searchRows").GetInt32());
        Assert.StartsWith("26–50 of", table.GetProperty("page2Info").GetString());
    }

    [Fact]
    public void Injected_prompts_and_ids_run_no_script_in_the_browser()
    {
        using var folder = new TempFolder();
        ScanFixture.Write(folder.Path, new ScanFixture.Options { BigCampaignAccounts = 300, BigCampaignLinks = 800, OrganicAccounts = 200, Hostile = true });
        var report = EvidenceReport.Write(folder.Path);
        Directory.CreateDirectory(RepoPaths.Artifacts);
        File.Copy(report, Path.Combine(RepoPaths.Artifacts, "report-hostile.html"), overwrite: true);

        var verdict = BrowserCheck.Run(report, Path.Combine(RepoPaths.Artifacts, "report-hostile.png"), hostile: true);

        AssertNoScriptRan(verdict);
    }

    [Fact]
    public void Hostile_prompts_and_account_ids_scanned_from_traffic_run_no_script_in_the_browser()
    {
        // The payloads go through the real pipeline: prompts, user agents and account ids of a simulated
        // campaign are rewritten before the scan, so they reach the page as detection reports them.
        using var scan = new SimulatedScan(Moat.Simulation.SimulationPresets.Tiny() with { Seed = 11 }, hostileCampaign: "hydra-1");
        var page = new PageParts(File.ReadAllText(scan.Report));
        using var data = page.ParseData();
        var strings = PageParts.AllStrings(data.RootElement).ToList();
        Assert.Contains(strings, s => s.Contains(ScanFixture.Payloads[1], StringComparison.Ordinal));

        var verdict = BrowserCheck.Run(scan.Report, null, hostile: true);

        AssertNoScriptRan(verdict);
    }
}
