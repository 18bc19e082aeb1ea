using Moat.Contract.Records;
using Moat.Reports.Building;

namespace Moat.Reports.Tests;

public sealed class AccountTableBuilderTests
{
    private static AccountScore Score(string id, double score, string? campaign = null, string? action = null) =>
        new() { AccountId = id, Score = score, CampaignId = campaign, Reasons = [], Action = action };

    [Fact]
    public void Keeps_every_actionable_account_and_only_the_highest_scored_of_the_rest()
    {
        var campaign = new Campaign
        {
            Id = "c1", Confidence = 0.9, Accounts = ["m1", "m2"], Exchanges = 10, FirstSeen = DateTime.UnixEpoch, LastSeen = DateTime.UnixEpoch,
            Capabilities = new Dictionary<string, double>(), Evidence = [], RecommendedAction = "block",
        };
        var builder = new AccountTableBuilder([campaign], new Dictionary<string, EnforcementEntry>(), maxUnflagged: 3);
        builder.Add(Score("m1", 0.1));                 // member by campaigns.json even without campaign_id
        builder.Add(Score("m2", 0.9, "c1", "block"));
        builder.Add(Score("lone", 0.2, action: "review"));
        builder.Add(Score("high", 0.7));
        for (int i = 0; i < 10; i++) builder.Add(Score($"o{i}", i / 100.0));
        builder.Add(Score("o9", 0.49));                // a repeated line is counted once

        var table = builder.Finish();

        var ids = table.Rows.Select(r => r.Id).ToHashSet();
        Assert.Equal(new HashSet<string> { "m1", "m2", "lone", "high", "o9", "o8", "o7" }, ids);
        Assert.Equal(7, table.OmittedAccounts);
        Assert.Equal(14, table.ScoredAccounts);
        Assert.Equal(14, table.Histogram.Members.Sum() + table.Histogram.Others.Sum());
        Assert.Equal(2, table.Histogram.Members.Sum());
        Assert.Equal(0, table.Rows.Single(r => r.Id == "m1").Campaign);
        Assert.Equal(1, table.ActionsPerCampaign[0]["block"]);
        Assert.Equal(1, table.ActionsPerCampaign[0]["allow"]);
    }
}
