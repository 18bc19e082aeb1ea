using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Moat.Contract.Records;
using Moat.Reports.Tests.Fixtures;

namespace Moat.Reports.Tests;

public sealed class EvidenceReportTests
{
    [Fact]
    public void Hostile_strings_reach_the_page_only_inside_the_inert_json_block_and_survive_intact()
    {
        using var folder = new TempFolder();
        ScanFixture.Write(folder.Path, new ScanFixture.Options { BigCampaignAccounts = 300, BigCampaignLinks = 600, OrganicAccounts = 200, Hostile = true });

        var page = new PageParts(File.ReadAllText(EvidenceReport.Write(folder.Path)));

        // Exactly the three scripts the page ships: ECharts, the data, the page script. A payload that
        // closed the data element would show up here as an extra script.
        Assert.Equal(3, page.Scripts.Count);
        Assert.DoesNotContain("alert(1)", page.Html.Replace(page.Data, ""));
        foreach (var c in new[] { "<", ">", "&", "\u2028", "\u2029" }) Assert.DoesNotContain(c, page.Data);
        using var data = page.ParseData();
        var examples = data.RootElement.GetProperty("campaigns")[0].GetProperty("templates").EnumerateArray()
            .SelectMany(t => t.GetProperty("examples").EnumerateArray()).Select(e => e.GetString()).ToList();
        Assert.All(ScanFixture.Payloads, p => Assert.Contains(p, examples));
    }

    [Fact]
    public void Csp_allows_exactly_the_inline_scripts_and_style_by_hash_and_nothing_remote()
    {
        using var folder = new TempFolder();
        ScanFixture.Write(folder.Path, new ScanFixture.Options { BigCampaignAccounts = 100, BigCampaignLinks = 200, OrganicAccounts = 50 });

        var page = new PageParts(File.ReadAllText(EvidenceReport.Write(folder.Path)));

        Assert.Contains("default-src 'none'", page.Csp);
        var scriptSrc = page.Csp.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src ", StringComparison.Ordinal));
        Assert.DoesNotContain("unsafe", scriptSrc);
        Assert.DoesNotContain("unsafe-eval", page.Csp);
        Assert.DoesNotContain("http", page.Csp);
        foreach (var (attributes, body) in page.Scripts.Where(s => !s.Attributes.Contains("application/json")))
            Assert.Contains($"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(body)))}'", page.Csp);
        var style = page.Html[(page.Html.IndexOf("<style>", StringComparison.Ordinal) + 7)..page.Html.IndexOf("</style>", StringComparison.Ordinal)];
        Assert.Contains($"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style)))}'", page.Csp);
        Assert.DoesNotContain("src=\"http", page.Html);
        Assert.DoesNotContain("<link", page.Html);
    }

    [Fact]
    public void Folder_without_campaigns_json_is_an_input_error()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File(ScanOutputFiles.AccountScores), "");

        var e = Assert.Throws<FileNotFoundException>(() => EvidenceReport.Write(folder.Path));
        Assert.Contains("campaigns.json", e.Message);
        Assert.False(File.Exists(folder.File(ScanOutputFiles.Report)));
    }

    [Fact]
    public void Contract_minimum_without_extensions_or_other_files_still_renders_with_notes()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File(ScanOutputFiles.Campaigns), """
            {"generated_at":"2026-06-09T06:00:00Z","campaigns":[
              {"id":"c1","confidence":0.8,"accounts":["a1","a2","a3"],"exchanges":900,"first_seen":"2026-05-01T00:00:00Z",
               "last_seen":"2026-05-09T00:00:00Z","capabilities":{"coding":0.7,"other":0.3},
               "evidence":[{"kind":"payment","detail":"one card for 3 accounts","weight":0.9}],"recommended_action":"block"},
              {"id":"c2","accounts":["b1","b2"],"recommended_action":"review","capabilities":"oops"}]}
            """);

        using var data = new PageParts(File.ReadAllText(EvidenceReport.Write(folder.Path))).ParseData();

        var root = data.RootElement;
        Assert.Equal(2, root.GetProperty("campaigns").GetArrayLength());
        var c1 = root.GetProperty("campaigns")[0];
        Assert.False(c1.TryGetProperty("graph", out _));
        Assert.False(c1.TryGetProperty("timeline", out _));
        Assert.Equal("900 exchanges from 3 accounts between 1 May and 9 May 2026, targeting coding.", c1.GetProperty("sentence").GetString());
        // Members are listed even without account_scores.jsonl, with an unknown score and action.
        var ids = root.GetProperty("accounts").GetProperty("ids").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(["a1", "a2", "a3", "b1", "b2"], ids.Order());
        var notes = root.GetProperty("notes").GetProperty("first").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.Contains(notes, n => n.Contains("account_scores.jsonl is missing"));
        Assert.Contains(notes, n => n.Contains("c2") && n.Contains("confidence"));
    }

    [Fact]
    public void Bad_score_lines_are_noted_with_their_line_number_and_the_rest_is_read()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File(ScanOutputFiles.Campaigns), """{"generated_at":"2026-06-09T06:00:00Z","campaigns":[]}""");
        File.WriteAllText(folder.File(ScanOutputFiles.AccountScores), """
            {"account_id":"a1","score":0.9,"campaign_id":null,"reasons":["lone distiller"],"action":"review"}
            not json
            {"account_id":"a2","reasons":[]}

            {"account_id":"a3","score":0.1,"campaign_id":null,"reasons":[]}
            """);

        using var data = new PageParts(File.ReadAllText(EvidenceReport.Write(folder.Path))).ParseData();

        var accounts = data.RootElement.GetProperty("accounts");
        Assert.Equal(2, accounts.GetProperty("scored").GetInt32());
        Assert.Equal(["a1", "a3"], accounts.GetProperty("ids").EnumerateArray().Select(e => e.GetString()));
        var notes = data.RootElement.GetProperty("notes");
        Assert.Equal(2, notes.GetProperty("count").GetInt32());
        Assert.Contains(notes.GetProperty("first").EnumerateArray(), n => n.GetString()!.StartsWith("account_scores.jsonl line 2:", StringComparison.Ordinal));
        Assert.Contains(notes.GetProperty("first").EnumerateArray(), n => n.GetString()!.StartsWith("account_scores.jsonl line 3:", StringComparison.Ordinal));
    }

    [Fact]
    public void Enforcement_csv_supplies_actions_missing_from_account_scores()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File(ScanOutputFiles.Campaigns), """{"generated_at":"2026-06-09T06:00:00Z","campaigns":[]}""");
        File.WriteAllText(folder.File(ScanOutputFiles.AccountScores), """{"account_id":"a1","score":0.9,"campaign_id":null,"reasons":[]}""" + "\n");
        File.WriteAllText(folder.File(ScanOutputFiles.Enforcement), "account_id,action,campaign_id,score,reason\na1,throttle,,0.9,lone\na9,block,,0.95,only in csv\n");

        using var data = new PageParts(File.ReadAllText(EvidenceReport.Write(folder.Path))).ParseData();

        var accounts = data.RootElement.GetProperty("accounts");
        var names = accounts.GetProperty("action_names").EnumerateArray().Select(e => e.GetString()).ToList();
        var ids = accounts.GetProperty("ids").EnumerateArray().Select(e => e.GetString()).ToList();
        var actions = accounts.GetProperty("action").EnumerateArray().Select(e => names[e.GetInt32()]).ToList();
        Assert.Equal("throttle", actions[ids.IndexOf("a1")]);
        Assert.Equal("block", actions[ids.IndexOf("a9")]);
    }

    [Fact]
    public void Invalid_campaigns_json_is_reported_as_invalid_data_with_its_line()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File(ScanOutputFiles.Campaigns), "{\n\"campaigns\": [ oops");

        var e = Assert.Throws<InvalidDataException>(() => EvidenceReport.Write(folder.Path));
        Assert.Contains("line 2", e.Message);
    }
}
