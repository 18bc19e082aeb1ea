using Moat.Contract.Records;
using Moat.Evaluation;

namespace Moat.Detection.Tests;

public sealed class EvaluationTests
{
    private static Campaign Found(string id, params string[] accounts) => new()
    {
        Id = id, Confidence = 0.9, Accounts = accounts, Exchanges = 0, FirstSeen = Traffic.Start, LastSeen = Traffic.Start,
        Capabilities = new Dictionary<string, double>(), Evidence = [], RecommendedAction = EnforcementActions.Block,
    };

    [Fact]
    public void Metrics_match_a_hand_count()
    {
        Label L(string id, string kind, string? campaign, string persona) => new() { AccountId = id, Kind = kind, CampaignId = campaign, Persona = persona };
        var labels = new[]
        {
            L("a1", LabelKinds.Attack, "c1", "hydra"), L("a2", LabelKinds.Attack, "c1", "hydra"), L("a3", LabelKinds.Attack, "c1", "hydra"),
            L("a4", LabelKinds.Attack, "c1", "hydra"), L("b1", LabelKinds.Attack, "c2", "stealth"),
            L("o1", LabelKinds.Organic, null, "casual"), L("o2", LabelKinds.Organic, null, "casual"), L("o3", LabelKinds.Organic, null, "vpn"),
        };
        var doc = new CampaignsDocument(Traffic.Start, [Found("x", "a1", "a2", "a3", "o1")]);
        var scores = new[]
        {
            new AccountScore { AccountId = "a1", Score = 1, CampaignId = "x", Reasons = [], Exchanges = 100 },
            new AccountScore { AccountId = "a2", Score = 1, CampaignId = "x", Reasons = [], Exchanges = 100 },
            new AccountScore { AccountId = "a3", Score = 1, CampaignId = "x", Reasons = [], Exchanges = 100 },
            new AccountScore { AccountId = "a4", Score = 0.2, Reasons = [], Exchanges = 100 },
            new AccountScore { AccountId = "b1", Score = 0.99, Reasons = [], Exchanges = 600, Action = EnforcementActions.Review },
            new AccountScore { AccountId = "o1", Score = 1, CampaignId = "x", Reasons = [], Exchanges = 10 },
            new AccountScore { AccountId = "o3", Score = 0.1, Reasons = [], Exchanges = 10, Action = EnforcementActions.Allow },
        };
        var r = ScanEvaluator.Evaluate(labels, doc, scores);
        Assert.Equal(new AccountMetrics(4, 1, 1, 2), r.Accounts);
        Assert.Equal(0.8, r.Accounts.Precision, 6);
        Assert.Equal(0.8, r.Accounts.Recall, 6);
        Assert.Equal(900.0 / 1000, r.ExchangeWeightedRecall, 6);
        Assert.Equal(0.5, r.OrganicPersonas.Single(p => p.Persona == "casual").FalsePositiveRate);
        Assert.Equal(0, r.OrganicPersonas.Single(p => p.Persona == "vpn").FalsePositiveRate);
        var c1 = r.Campaigns.Single(c => c.TrueCampaign == "c1");
        Assert.Equal("x", c1.FoundCampaign);
        Assert.Equal(3.0 / 5, c1.Jaccard, 6); // {a1,a2,a3} of {a1..a4} ∪ {o1}
        var c2 = r.Campaigns.Single(c => c.TrueCampaign == "c2");
        Assert.Null(c2.FoundCampaign);
        Assert.Equal(1, c2.Recall); // flagged by action, not by a campaign
        Assert.Contains("precision 0.8000", EvalReportWriter.Table(r), StringComparison.Ordinal);
        Assert.Contains("\"exchange_weighted_recall\": 0.9", EvalReportWriter.Json(r), StringComparison.Ordinal);
    }
}
