using Moat.Contract.Records;
using Moat.Gateway.Accounts;
using Moat.Gateway.Decisions;
using Moat.Gateway.Scoring;

namespace Moat.Gateway.Tests;

public sealed class OnlineRulesTests
{
    private static readonly DateTime T0 = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);

    private static (OnlineRules Rules, DecisionBook Book, AccountRegistry Registry) Build(SketchTemplateMatcher? templates = null, OnlineScoringOptions? options = null)
    {
        var book = new DecisionBook();
        var registry = new AccountRegistry();
        var rules = new OnlineRules(book, new AccountActivity(), new RegrowthGuard(registry, book), templates ?? new SketchTemplateMatcher(),
            options ?? new OnlineScoringOptions { ReviewRequestsPerMinute = 5, ThrottleRequestsPerMinute = 10, TemplateMatchesToReview = 2, TemplateMatchesToThrottle = 4 });
        return (rules, book, registry);
    }

    [Fact]
    public void Request_rate_raises_an_account_to_review_then_throttle_and_never_lowers_it()
    {
        var (rules, book, _) = Build();
        var actions = new List<GatewayAction>();
        for (int i = 0; i < 12; i++) actions.Add(rules.Decide("acct_fast", T0.AddSeconds(i))?.Action ?? GatewayAction.Allow);
        Assert.Equal(GatewayAction.Allow, actions[3]);
        Assert.Equal(GatewayAction.Review, actions[4]);
        Assert.Equal(GatewayAction.Throttle, actions[9]);
        // An hour later the rate is low, but the online decision stands until an operator or scan acts.
        Assert.Equal(GatewayAction.Throttle, rules.Decide("acct_fast", T0.AddHours(1))!.Action);
        Assert.Null(rules.Decide("acct_slow", T0));
        Assert.Equal(DecisionSource.Online, book.Find("acct_fast")!.Source);
    }

    [Fact]
    public void Prompts_matching_a_known_campaign_template_raise_the_account()
    {
        var templates = new SketchTemplateMatcher();
        templates.Set([("t1", "camp_7", "Solve the following problem step by step and show all of your reasoning before giving the final answer.\n\nWhat is 2 + 2?")]);
        var (rules, book, _) = Build(templates);
        rules.ObserveExchange("acct_d", "Solve the following problem step by step and show all of your reasoning before giving the final answer.\n\nwhat is 17 * 23?", T0);
        Assert.Null(book.Find("acct_d"));
        rules.ObserveExchange("acct_d", "solve the following problem step by step and show all of your reasoning before giving the final answer.\n\nIntegrate x^2 from 0 to 3 and explain the result to a student", T0);
        var review = book.Find("acct_d")!;
        Assert.Equal(GatewayAction.Review, review.Action);
        Assert.Equal("camp_7", review.CampaignId);
        for (int i = 0; i < 2; i++) rules.ObserveExchange("acct_d", $"Solve the following problem step by step and show all of your reasoning before giving the final answer.\n\nA train leaves at {i} o'clock going 60 km/h; when does it arrive 150 km away?", T0);
        Assert.Equal(GatewayAction.Throttle, book.Find("acct_d")!.Action);

        // Ordinary prompts do not match.
        for (int i = 0; i < 10; i++) rules.ObserveExchange("acct_o", $"Write a haiku about the sea number {i}", T0);
        Assert.Null(book.Find("acct_o"));
    }

    [Fact]
    public void Templates_are_loaded_from_the_campaigns_json_extension()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """
                {"generated_at":"2026-12-01T00:00:00Z","campaigns":[{"id":"camp_1","confidence":0.9,"accounts":["a","b"],"exchanges":10,
                 "first_seen":"2026-12-01T00:00:00Z","last_seen":"2026-12-01T00:00:00Z","capabilities":{},"evidence":[],"recommended_action":"block",
                 "templates":[{"id":"tpl_1","pattern":"translate the following legal contract clause into formal german <TEXT>","exchanges":9,"accounts":2,
                   "examples":["Translate the following legal contract clause into formal German, keeping defined terms.\n\nThe party of the first part shall indemnify the party of the second part."]}]}]}
                """);
            var templates = new SketchTemplateMatcher();
            templates.Load(path);
            Assert.True(templates.TryMatch("Translate the following legal contract clause into formal German, keeping defined terms.\n\nAny dispute shall be settled by arbitration in Zurich.", out var m));
            Assert.Equal(new TemplateMatch("tpl_1", "camp_1"), m);
            Assert.False(templates.TryMatch("What is the weather like in Berlin today?", out _));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Regrowth_ignores_links_to_accounts_blocked_only_online()
    {
        // A regrowth block must not seed further regrowth blocks, or one shared NAT address spreads through strangers.
        var (rules, book, registry) = Build();
        registry.Set([
            new Account { AccountId = "a1", CreatedAt = T0, SignupIp = "192.0.2.1" },
            new Account { AccountId = "a2", CreatedAt = T0, SignupIp = "192.0.2.1", PaymentFingerprint = "card" },
            new Account { AccountId = "a3", CreatedAt = T0, PaymentFingerprint = "card" },
        ]);
        book.SetAdmin(new AccountDecision("a1", GatewayAction.Block, DecisionSource.Admin, "camp", 1, "operator", T0));
        Assert.Equal(GatewayAction.Block, rules.Decide("a2", T0)!.Action);
        Assert.Null(rules.Decide("a3", T0));
    }
}
