using System.Diagnostics;
using Moat.Contract.Records;
using Moat.Reports.Tests.Fixtures;

namespace Moat.Reports.Tests;

/// <summary>`moat report` as a user runs it: a separate process, exit codes and output.</summary>
public sealed class ReportCommandTests
{
    private static (int Exit, string Out, string Err) Moat(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "moat.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)), "moat did not finish");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void Folder_without_campaigns_json_exits_3_with_a_clear_message()
    {
        using var folder = new TempFolder();

        var (exit, _, err) = Moat("report", "--scan", folder.Path);

        Assert.Equal(3, exit);
        Assert.Contains("campaigns.json", err);
        Assert.False(File.Exists(folder.File(ScanOutputFiles.Report)));
    }

    [Fact]
    public void Unreadable_campaigns_json_exits_3_with_its_line()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File(ScanOutputFiles.Campaigns), "{\n  \"campaigns\": [ {\"id\": ");

        var (exit, _, err) = Moat("report", "--scan", folder.Path);

        Assert.Equal(3, exit);
        Assert.Contains("not valid JSON", err);
    }

    [Fact]
    public void Rebuilds_the_page_where_asked_and_prints_its_path()
    {
        using var folder = new TempFolder();
        ScanFixture.Write(folder.Path, new ScanFixture.Options { BigCampaignAccounts = 60, BigCampaignLinks = 100, OrganicAccounts = 40 });
        var target = folder.File("case-42.html");

        var (exit, stdout, err) = Moat("report", "--scan", folder.Path, "--out", target, "--quiet");

        Assert.True(exit == 0, err);
        Assert.Equal(target, stdout.Trim());
        Assert.Contains("28.8 million exchanges from 60 accounts", new PageParts(File.ReadAllText(target)).Data);
        Assert.False(File.Exists(folder.File(ScanOutputFiles.Report)));
    }

    [Fact]
    public void Missing_scan_option_is_a_usage_error()
    {
        var (exit, _, err) = Moat("report");

        Assert.Equal(2, exit);
        Assert.Contains("--scan", err);
    }
}
