using Moat.Contract.Records;
using Moat.Detection.Campaigns;
using Moat.Detection.Features;
using Moat.Detection.Linking;
using Moat.Detection.Scan;

namespace Moat.Detection.Tests;

public sealed class LinkingAndCampaignTests
{
    private static readonly DetectionSettings Settings = new();

    private static List<AccountBehaviour> Accounts(params Account[] registry)
    {
        var list = new List<AccountBehaviour>();
        foreach (var r in registry)
        {
            var a = new AccountBehaviour(list.Count, r.AccountId) { Registry = r };
            list.Add(a);
        }
        return list;
    }

    private static Account Reg(string id, string? payment = null, string? signupIp = null, string? org = null, bool verified = false) =>
        new() { AccountId = id, CreatedAt = Traffic.Start.AddDays(-100), PaymentFingerprint = payment, SignupIp = signupIp, OrgId = org, Verified = verified };

    private static void Send(AccountBehaviour a, string ip, ExchangeFlags flags, Capability capability, int n = 40)
    {
        for (int i = 0; i < n; i++)
        {
            var f = new ExchangeFeatures { AccountId = a.AccountId, Ticks = Tests.Traffic.Start.AddMinutes(i * 17 + a.Index).Ticks, Model = "m", Prompt = "p", Ip = ip, Flags = flags, Capability = capability };
            f.Bands[0] = 1;
            a.Add(f);
        }
    }

    [Fact]
    public void Rarity_falls_with_group_size_and_vanishes_for_big_groups()
    {
        Assert.Equal(1, Rarity.Of(2, 250), 3);
        Assert.True(Rarity.Of(5, 250) > Rarity.Of(50, 250));
        Assert.True(Rarity.Of(50, 250) > 0);
        Assert.Equal(0, Rarity.Of(250, 250));
        Assert.Equal(0, Rarity.Of(1, 250));
    }

    [Theory]
    [InlineData("203.0.113.77", "203.0.113.0/24")]
    [InlineData("2001:db8:abcd:12::1", "2001:0db8:abcd::/48")]
    [InlineData("not an ip", null)]
    public void Prefixes_are_slash_24_and_slash_48(string ip, string? prefix) => Assert.Equal(prefix, IpPrefix.Of(ip));

    [Fact]
    public void Shared_payment_is_a_strong_link_and_a_big_nat_of_strangers_is_not()
    {
        var registry = new List<Account> { Reg("p1", payment: "card_1"), Reg("p2", payment: "card_1") };
        for (int i = 0; i < 60; i++) registry.Add(Reg($"nat{i}"));
        var accounts = Accounts([.. registry]);
        var rng = new Random(5);
        foreach (var a in accounts)
        {
            // Strangers behind one NAT, each doing something different.
            var capability = (Capability)rng.Next(CapabilityNames.Count);
            Send(a, "100.64.0.1", rng.Next(2) == 0 ? ExchangeFlags.Conversational : ExchangeFlags.None, capability);
        }
        var graph = new AccountLinker(Settings).Build(accounts, []);
        var payment = graph.Find(0, 1)!;
        Assert.Contains(payment.Reasons, r => r.Kind == LinkKinds.Payment);
        Assert.True(payment.Weight >= Settings.StrongLink);
        int strongNat = graph.Pairs.Count(p => p.A >= 2 && p.Weight >= Settings.StrongLink);
        Assert.Equal(0, strongNat);
    }

    [Fact]
    public void A_declared_verified_organisation_is_not_linked_through_what_it_openly_shares()
    {
        var accounts = Accounts(
            Reg("c1", payment: "corp", org: "org_a", verified: true),
            Reg("c2", payment: "corp", org: "org_a", verified: true),
            Reg("h1", payment: "hidden", org: "org_b", verified: false),
            Reg("h2", payment: "hidden", org: "org_b", verified: false));
        var graph = new AccountLinker(Settings).Build(accounts, []);
        Assert.Null(graph.Find(0, 1));
        Assert.NotNull(graph.Find(2, 3)); // a declared but unverified organisation proves nothing
    }

    [Fact]
    public void Campaign_is_the_suspicious_linked_group_without_the_organic_bystander()
    {
        // Six fleet accounts paying from one instrument; an organic account signed up from their network.
        var registry = new List<Account>();
        for (int i = 0; i < 6; i++) registry.Add(Reg($"f{i}", payment: "pool", signupIp: "45.9.9.9"));
        registry.Add(Reg("bystander", payment: "own", signupIp: "45.9.9.9"));
        var accounts = Accounts([.. registry]);
        var suspicion = new double[accounts.Count];
        for (int i = 0; i < 6; i++) suspicion[i] = 0.7;
        suspicion[6] = 0.1;
        var graph = new AccountLinker(Settings).Build(accounts, []);
        var found = new CampaignFinder(Settings).Find(accounts, suspicion, graph);
        var campaign = Assert.Single(found);
        Assert.Equal([0, 1, 2, 3, 4, 5], campaign.Members);
        Assert.True(campaign.Confidence >= Settings.CampaignConfidence);
    }

    [Fact]
    public void Dense_core_peeling_drops_an_account_hanging_on_by_one_link_and_keeps_one_tied_twice()
    {
        // A clique of five strongly linked accounts; account 5 hangs on by one strong link, account 6 by two.
        var accounts = Accounts([.. Enumerable.Range(0, 7).Select(i => Reg($"a{i}"))]);
        var graph = new AccountLinkGraph();
        for (int i = 0; i < 5; i++) for (int j = i + 1; j < 5; j++) graph.Link(i, j, LinkKinds.Payment, 2.0, "pool");
        graph.Link(4, 5, LinkKinds.Ip, 1.0, "one ip");
        graph.Link(0, 6, LinkKinds.Ip, 1.0, "one ip");
        graph.Link(1, 6, LinkKinds.Ip, 1.0, "one ip");
        var suspicion = Enumerable.Repeat(0.6, 7).ToArray();
        var campaign = Assert.Single(new CampaignFinder(Settings).Find(accounts, suspicion, graph));
        Assert.Equal([0, 1, 2, 3, 4, 6], campaign.Members);
    }

    [Fact]
    public void Two_large_groups_sharing_only_a_playbook_stay_apart_while_a_fragment_merges()
    {
        // Groups of 12, 12 and 4 accounts, each knit by its own links, all sending the same two templates.
        int[] sizes = [12, 12, 4];
        var accounts = Accounts([.. Enumerable.Range(0, sizes.Sum()).Select(i => Reg($"a{i}"))]);
        foreach (var a in accounts)
        {
            for (int k = 0; k < 30; k++) a.Add(new ExchangeFeatures { AccountId = a.AccountId, Ticks = Traffic.Start.AddMinutes(k).Ticks, Model = "m", Prompt = "p" });
            a.Templates.Add(0, 20);
            a.Templates.Add(1, 10);
        }
        var clusters = new List<CampaignCluster>();
        int next = 0;
        foreach (int size in sizes)
        {
            clusters.Add(new CampaignCluster { Members = [.. Enumerable.Range(next, size)], InternalLinks = [], Confidence = 0.9 });
            next += size;
        }
        var result = new PlaybookClusterer(Settings).Extend(clusters, accounts, [], Enumerable.Repeat(0.6, accounts.Count).ToArray(), new AccountLinkGraph());
        Assert.Equal([16, 12], result.Select(c => c.Members.Count));
    }

    /// <summary>
    /// One operation: <paramref name="fragment"/> accounts found together by a shared sign-up address
    /// (a campaign too small to stand alone), the rest found by nothing but the playbook, of which only
    /// the fragment's first <paramref name="onPlaybook"/> accounts follow it.
    /// </summary>
    private static List<CampaignCluster> FragmentAndPlaybook(int fragment, int onPlaybook, int rest)
    {
        var accounts = Accounts([.. Enumerable.Range(0, fragment + rest).Select(i => Reg($"a{i}"))]);
        var templates = new List<MinedTemplate> { new(0, 0, 1), new(1, 0, 2), new(2, 0, 3) };
        foreach (var a in accounts)
        {
            for (int k = 0; k < 30; k++) a.Add(new ExchangeFeatures { AccountId = a.AccountId, Ticks = Traffic.Start.AddMinutes(k).Ticks, Model = "m", Prompt = "p" });
            bool follows = a.Index >= fragment || a.Index < onPlaybook;
            int first = follows ? 0 : 2;
            // The fragment leans on the first template, the rest on the second: alike account by account
            // (cosine 0.92), but the groups' mixes are not the same playbook (below 0.95) on their own.
            a.Templates.Add(first, a.Index < fragment ? 15 : 10);
            a.Templates.Add(follows ? 1 : 2, a.Index < fragment ? 10 : 15);
            templates[first].Accounts.Add(a.Index);
            if (follows) templates[1].Accounts.Add(a.Index);
        }
        var clusters = new List<CampaignCluster> { new() { Members = [.. Enumerable.Range(0, fragment)], InternalLinks = [], Confidence = 0.7 } };
        return new PlaybookClusterer(Settings).Extend(clusters, accounts, templates, Enumerable.Repeat(0.6, accounts.Count).ToArray(), new AccountLinkGraph());
    }

    [Fact]
    public void A_fragment_found_by_its_links_joins_the_rest_of_its_operation_found_by_the_playbook()
    {
        // Five accounts are enough to seed the playbook; the twelve alike by playbook alone join them.
        var campaign = Assert.Single(FragmentAndPlaybook(fragment: 5, onPlaybook: 5, rest: 12));
        Assert.Equal(Enumerable.Range(0, 17), campaign.Members);
    }

    [Fact]
    public void A_fragment_mostly_off_the_playbook_stays_whole_and_apart()
    {
        // Two of the fragment's six accounts follow the playbook: the fragment is kept as it was, not split.
        var result = FragmentAndPlaybook(fragment: 6, onPlaybook: 2, rest: 12);
        Assert.Equal(2, result.Count);
        Assert.Contains(result, c => c.Members.SequenceEqual(Enumerable.Range(0, 6)));
        Assert.Contains(result, c => c.Members.SequenceEqual(Enumerable.Range(6, 12)));
    }

    [Fact]
    public void An_account_that_shares_the_playbook_but_behaves_unlike_the_group_is_left_out()
    {
        // Twelve coding harvesters and two accounts of another operation sending the same templates
        // but asking for something else (agentic tool use): same prompts, different work.
        var accounts = Accounts([.. Enumerable.Range(0, 14).Select(i => Reg($"a{i}"))]);
        var templates = new List<MinedTemplate> { new(0, 0, 1), new(1, 0, 2) };
        foreach (var a in accounts)
        {
            var capability = a.Index < 12 ? Capability.Coding : Capability.AgenticToolUse;
            for (int k = 0; k < 30; k++) a.Add(new ExchangeFeatures { AccountId = a.AccountId, Ticks = Traffic.Start.AddMinutes(k).Ticks, Model = "m", Prompt = "p", Capability = capability });
            a.Templates.Add(0, 15);
            a.Templates.Add(1, 15);
            templates[0].Accounts.Add(a.Index);
            templates[1].Accounts.Add(a.Index);
        }
        var seed = new List<CampaignCluster> { new() { Members = [0, 1, 2, 3, 4], InternalLinks = [], Confidence = 0.7 } };
        var result = new PlaybookClusterer(Settings).Extend(seed, accounts, templates, Enumerable.Repeat(0.6, accounts.Count).ToArray(), new AccountLinkGraph());
        var campaign = Assert.Single(result);
        Assert.Equal(Enumerable.Range(0, 12), campaign.Members);
    }

    [Fact]
    public void Synchrony_counts_only_beyond_chance_so_two_round_the_clock_jobs_are_not_synchronised()
    {
        AccountBehaviour Active(int index, Func<int, bool> atHour)
        {
            var a = new AccountBehaviour(index, $"a{index}");
            for (int h = 0; h < 14 * 24; h++)
                if (atHour(h)) a.Add(new ExchangeFeatures { AccountId = a.AccountId, Ticks = Traffic.Start.AddHours(h).Ticks, Model = "m", Prompt = "p" });
            return a;
        }
        // Both active in 90 % of hours (different ones): they share most hours by chance alone.
        double always = BehaviourProfile.Synchrony(Active(0, h => h % 10 != 0), Active(1, h => h % 10 != 5), out _, out double jaccard, out double chance);
        Assert.True(jaccard > 0.75, $"raw Jaccard {jaccard}");
        Assert.True(always < 0.1, $"beyond chance {always} (chance {chance})");
        // Both active in the same 10 % of hours: rare by chance, so it is synchrony.
        double together = BehaviourProfile.Synchrony(Active(0, h => h % 10 == 3), Active(1, h => h % 10 == 3), out _, out _, out _);
        Assert.True(together > 0.9, $"beyond chance {together}");
    }

    [Fact]
    public void A_verified_organisation_cluster_is_not_reported_as_a_campaign()
    {
        var accounts = Accounts([.. Enumerable.Range(0, 4).Select(i => Reg($"o{i}", org: "org_x", verified: true))]);
        var graph = new AccountLinkGraph();
        for (int i = 0; i < 4; i++) for (int j = i + 1; j < 4; j++) graph.Link(i, j, LinkKinds.Template, 2.0, "batch template");
        var found = new CampaignFinder(Settings).Find(accounts, Enumerable.Repeat(0.8, 4).ToArray(), graph);
        Assert.Empty(found);
    }
}
