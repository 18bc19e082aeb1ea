using Moat.Contract.Io;
using Moat.Contract.Json;
using Moat.Contract.Records;
using Moat.Detection.Campaigns;
using Moat.Detection.Features;
using Moat.Detection.Linking;
using Moat.Detection.Scan;

namespace Moat.Detection.Tests;

/// <summary>
/// Late replacement accounts join their campaign by the campaign's footprint (payment, sign-up
/// address, traffic addresses, e-mail domain, sign-up burst); strangers sharing one of those do not.
/// </summary>
public sealed class FootprintTests
{
    private static readonly DetectionSettings Settings = new();
    private static readonly DateTime Burst = Traffic.Start.AddDays(10).AddHours(18);

    /// <summary>A found campaign of eight accounts: proxies 45.9.9.0–3, a throwaway .edu domain, signed up in one sitting.</summary>
    private sealed class Fleet
    {
        public List<AccountBehaviour> Accounts { get; } = [];
        public List<CampaignCluster> Campaigns { get; } = [];
        public double[] Suspicion => [.. Accounts.Select(a => Campaigns[0].Members.Contains(a.Index) ? 0.8 : 0.3)];

        public Fleet(int members = 8)
        {
            for (int i = 0; i < members; i++)
            {
                var a = Add($"fleet_{i}", signupIp: $"45.9.9.{i % 4}", created: Burst.AddMinutes(i * 3), domain: "harborember.edu", payment: $"pm_own_{i}");
                Send(a, 60, i => $"45.9.9.{i % 4}");
            }
            Campaigns.Add(new CampaignCluster { Members = [.. Enumerable.Range(0, members)], InternalLinks = [], Confidence = 0.95, MeanSuspicion = 0.8 });
        }

        public AccountBehaviour Add(string id, string? signupIp, DateTime created, string domain = "gmail.com", string? payment = null,
            bool verified = false, string? org = null)
        {
            var a = new AccountBehaviour(Accounts.Count, id)
            {
                Registry = new Account
                {
                    AccountId = id, CreatedAt = created, SignupIp = signupIp, EmailDomain = domain, PaymentFingerprint = payment,
                    Tier = "education", Verified = verified, OrgId = org,
                },
            };
            Accounts.Add(a);
            return a;
        }

        public List<CampaignCluster> Attach() => new FootprintAttacher(Settings).Attach(Campaigns, Accounts, Suspicion);
    }

    private static void Send(AccountBehaviour a, int n, Func<int, string> ip)
    {
        for (int i = 0; i < n; i++)
        {
            var f = new ExchangeFeatures { AccountId = a.AccountId, Ticks = Burst.AddHours(1).AddMinutes(i * 7).Ticks, Model = "m", Prompt = "p", Ip = ip(i), Capability = Capability.Coding };
            f.Bands[0] = 1;
            a.Add(f);
        }
    }

    [Fact]
    public void A_late_replacement_with_four_exchanges_and_a_fresh_card_joins_with_its_reasons()
    {
        var fleet = new Fleet();
        var head = fleet.Add("late_head", signupIp: "45.9.9.2", created: Burst.AddMinutes(10), domain: "harborember.edu", payment: "pm_fresh");
        Send(head, 4, i => $"45.9.9.{i}");
        var campaign = Assert.Single(fleet.Attach());
        Assert.Contains(head.Index, campaign.Members);
        string reason = campaign.JoinReasons[head.Index];
        Assert.Contains("signed up from 45.9.9.2", reason);
        Assert.Contains("4 of 4 exchanges sent from the campaign's addresses", reason);
        Assert.Contains("e-mail domain harborember.edu", reason);
        Assert.Contains("sign-ups of the campaign's accounts", reason);
        Assert.DoesNotContain("pm_fresh", reason);
    }

    [Fact]
    public void Replacements_registered_together_form_their_own_burst()
    {
        // Three days after the fleet's sign-ups, four replacements registered within ten minutes, each
        // from a fleet proxy with two exchanges through the fleet's proxies: two facts each, and
        // together a burst that dominates that half hour. One such account alone stays out.
        var fleet = new Fleet();
        var late = Burst.AddDays(3);
        var heads = Enumerable.Range(0, 4).Select(k =>
        {
            var head = fleet.Add($"head_{k}", signupIp: $"45.9.9.{k}", created: late.AddMinutes(k * 3));
            Send(head, 2, i => $"45.9.9.{(k + i) % 4}");
            return head;
        }).ToList();
        var campaign = Assert.Single(fleet.Attach());
        Assert.All(heads, h => Assert.Contains(h.Index, campaign.Members));
        Assert.Contains("accounts on its infrastructure", campaign.JoinReasons[heads[0].Index]);

        var alone = new Fleet();
        var single = alone.Add("head", signupIp: "45.9.9.1", created: late);
        Send(single, 2, i => $"45.9.9.{i}");
        Assert.DoesNotContain(single.Index, Assert.Single(alone.Attach()).Members);
    }

    [Fact]
    public void A_silent_spare_account_joins_by_registry_facts_alone()
    {
        var fleet = new Fleet();
        var spare = fleet.Add("spare", signupIp: "45.9.9.1", created: Burst.AddMinutes(5), payment: "pm_own_3");
        var campaign = Assert.Single(fleet.Attach());
        Assert.Contains(spare.Index, campaign.Members);
        Assert.Contains("pays with pm_own_3", campaign.JoinReasons[spare.Index]);
    }

    [Fact]
    public void A_silent_account_registered_from_a_fleet_address_is_reported_for_review_only()
    {
        // Only the sign-up address ties it to the fleet (own card, webmail, registered months later):
        // too little to block, enough to review before it sends anything.
        var fleet = new Fleet();
        var silent = fleet.Add("silent", signupIp: "45.9.9.3", created: Burst.AddDays(40), payment: "pm_new");
        var campaign = Assert.Single(fleet.Attach());
        Assert.Contains(silent.Index, campaign.Members);
        Assert.Contains(silent.Index, campaign.ReviewOnly);
        Assert.Contains("has sent nothing yet: review", campaign.JoinReasons[silent.Index]);

        // The same single fact on an account that has traffic to judge is not enough, and a fully
        // matched spare is a member to act on, not only to review.
        var active = new Fleet();
        var neighbour = active.Add("neighbour", signupIp: "45.9.9.3", created: Burst.AddDays(40), payment: "pm_new");
        Send(neighbour, 6, _ => "198.51.100.7");
        Assert.DoesNotContain(neighbour.Index, Assert.Single(active.Attach()).Members);
        var full = new Fleet();
        var spare = full.Add("spare", signupIp: "45.9.9.1", created: Burst.AddMinutes(5), payment: "pm_own_3");
        Assert.DoesNotContain(spare.Index, Assert.Single(full.Attach()).ReviewOnly);
    }

    [Fact]
    public void A_quiet_account_paying_with_the_fleets_card_is_reported_for_review_only()
    {
        // One exchange from elsewhere, registered weeks later, but paid with a fleet member's card:
        // the gateway would block it at its first request; the scan puts it in front of a person.
        var fleet = new Fleet();
        var quiet = fleet.Add("quiet", signupIp: "198.51.100.9", created: Burst.AddDays(40), payment: "pm_own_2");
        Send(quiet, 1, _ => "198.51.100.9");
        var campaign = Assert.Single(fleet.Attach());
        Assert.Contains(quiet.Index, campaign.ReviewOnly);
        Assert.Equal("pays with pm_own_2, an instrument of the campaign's accounts, and has sent only 1 exchange yet: review", campaign.JoinReasons[quiet.Index]);

        // With enough traffic to judge, the card alone is one fact: not enough.
        var judged = new Fleet();
        var busy = judged.Add("busy", signupIp: "198.51.100.9", created: Burst.AddDays(40), payment: "pm_own_2");
        Send(busy, FootprintAttacher.JudgeableExchanges, _ => "198.51.100.9");
        Assert.DoesNotContain(busy.Index, Assert.Single(judged.Attach()).Members);
    }

    [Fact]
    public void A_quiet_account_sharing_the_fleets_domain_and_an_address_is_reported_for_review_only()
    {
        // Registered weeks later with its own card, one exchange, but from a fleet address and on the
        // fleet's throwaway domain: two facts, one of them not an address.
        var fleet = new Fleet();
        var quiet = fleet.Add("quiet", signupIp: "45.9.9.1", created: Burst.AddDays(40), domain: "harborember.edu", payment: "pm_new");
        Send(quiet, 1, _ => "198.51.100.9");
        var campaign = Assert.Single(fleet.Attach());
        Assert.Contains(quiet.Index, campaign.ReviewOnly);
        Assert.EndsWith("and has sent only 1 exchange yet: review", campaign.JoinReasons[quiet.Index]);
    }

    [Fact]
    public void A_second_round_finds_a_head_paid_with_a_card_only_replacements_used()
    {
        // Three silent spares join by the fleet's addresses, burst and domain, all paying with a new
        // card; a quiet account on that card is tied to the fleet only through them.
        var fleet = new Fleet();
        for (int i = 0; i < 3; i++) fleet.Add($"spare_{i}", signupIp: $"45.9.9.{i}", created: Burst.AddMinutes(4 + i), domain: "harborember.edu", payment: "pm_new");
        var quiet = fleet.Add("quiet", signupIp: "198.51.100.9", created: Burst.AddDays(40), payment: "pm_new");
        Send(quiet, 2, _ => "198.51.100.9");
        var attacher = new FootprintAttacher(Settings);
        var first = Assert.Single(attacher.Attach(fleet.Campaigns, fleet.Accounts, fleet.Suspicion));
        Assert.Equal(11, first.Members.Count);
        Assert.DoesNotContain(quiet.Index, first.Members);
        var second = Assert.Single(attacher.Attach([first], fleet.Accounts, fleet.Suspicion));
        Assert.Contains(quiet.Index, second.ReviewOnly);
    }

    [Fact]
    public void Two_facts_are_not_enough()
    {
        // Sign-up address and traffic from a fleet proxy (a residential proxy exit is someone's home):
        // without a third, independent fact the account stays out.
        var fleet = new Fleet();
        var neighbour = fleet.Add("neighbour", signupIp: "45.9.9.2", created: Traffic.Start.AddDays(-300));
        Send(neighbour, 3, _ => "45.9.9.2");
        Assert.Equal(8, Assert.Single(fleet.Attach()).Members.Count);
    }

    [Fact]
    public void An_address_many_strangers_use_belongs_to_nobody()
    {
        // The fleet also sends from a campus NAT that 20 unrelated students use: signing up there,
        // sending from there and registering during the fleet's burst proves nothing.
        var fleet = new Fleet();
        for (int i = 0; i < 8; i++) Send(fleet.Accounts[i], 20, _ => "100.64.0.1");
        for (int i = 0; i < 20; i++)
        {
            var student = fleet.Add($"student_{i}", signupIp: "100.64.0.1", created: Traffic.Start.AddDays(-200 + i), domain: "campus.edu");
            Send(student, 8, _ => "100.64.0.1");
        }
        var late = fleet.Add("late_student", signupIp: "100.64.0.1", created: Burst.AddMinutes(8), domain: "campus.edu");
        Send(late, 3, _ => "100.64.0.1");
        Assert.DoesNotContain(late.Index, Assert.Single(fleet.Attach()).Members);
        Assert.Equal(-1, new CampaignFootprint(fleet.Accounts, fleet.Campaigns).AddressOwner("100.64.0.1"));
    }

    [Fact]
    public void A_burst_counts_only_when_the_fleet_dominates_that_half_hour_of_sign_ups()
    {
        var fleet = new Fleet();
        var footprint = new CampaignFootprint(fleet.Accounts, fleet.Campaigns);
        Assert.Equal(8, footprint.BurstMembers(0, Burst.AddMinutes(10).Ticks, out bool dominant));
        Assert.True(dominant);

        // A busy platform: 30 ordinary sign-ups in the same half hour drown the fleet's eight.
        for (int i = 0; i < 30; i++) fleet.Add($"newcomer_{i}", signupIp: $"73.1.{i}.9", created: Burst.AddMinutes(i));
        footprint = new CampaignFootprint(fleet.Accounts, fleet.Campaigns);
        footprint.BurstMembers(0, Burst.AddMinutes(10).Ticks, out dominant);
        Assert.False(dominant);
    }

    [Fact]
    public void A_verified_organisation_member_never_joins_but_a_verified_student_can()
    {
        var fleet = new Fleet();
        var employee = fleet.Add("employee", signupIp: "45.9.9.0", created: Burst.AddMinutes(4), domain: "harborember.edu", verified: true, org: "org_x");
        var student = fleet.Add("student", signupIp: "45.9.9.0", created: Burst.AddMinutes(4), domain: "harborember.edu", verified: true);
        var members = Assert.Single(fleet.Attach()).Members;
        Assert.DoesNotContain(employee.Index, members);
        Assert.Contains(student.Index, members);
    }

    [Fact]
    public void An_account_whose_own_traffic_looks_organic_does_not_join()
    {
        var fleet = new Fleet();
        var heavy = fleet.Add("heavy", signupIp: "45.9.9.2", created: Burst.AddMinutes(10), domain: "harborember.edu");
        Send(heavy, 40, i => $"45.9.9.{i % 4}");
        var suspicion = fleet.Suspicion;
        suspicion[heavy.Index] = Settings.AttachSuspicion / 2;
        var campaign = Assert.Single(new FootprintAttacher(Settings).Attach(fleet.Campaigns, fleet.Accounts, suspicion));
        Assert.DoesNotContain(heavy.Index, campaign.Members);
    }

    [Fact]
    public void An_account_behaving_like_a_member_needs_one_fact_fewer()
    {
        // Traffic from the fleet's proxies and a sign-up inside its burst: two facts. Enough for an
        // account whose own behaviour reaches the member bar, not for one that only clears the floor.
        var fleet = new Fleet();
        var harvester = fleet.Add("harvester", signupIp: "73.5.5.5", created: Burst.AddMinutes(12));
        Send(harvester, 30, i => $"45.9.9.{i % 4}");
        var suspicion = fleet.Suspicion;
        suspicion[harvester.Index] = Settings.MemberSuspicion;
        Assert.Contains(harvester.Index, Assert.Single(new FootprintAttacher(Settings).Attach(fleet.Campaigns, fleet.Accounts, suspicion)).Members);
        suspicion[harvester.Index] = Settings.MemberSuspicion - 0.05;
        Assert.DoesNotContain(harvester.Index, Assert.Single(new FootprintAttacher(Settings).Attach(fleet.Campaigns, fleet.Accounts, suspicion)).Members);
    }

    [Fact]
    public void A_silent_account_has_no_behaviour_signals_and_takes_no_network_links()
    {
        var silent = new AccountBehaviour(0, "silent") { Registry = new Account { AccountId = "silent", CreatedAt = Traffic.Start, Tier = "free", SignupIp = "45.1.1.1", EmailDomain = "x.io" } };
        var signals = AccountSignals.Measure(silent, new ScanContext());
        Assert.Equal(["free_tier"], signals.Select(s => s.Name));
        Assert.True(AccountSignals.Suspicion(signals) < Settings.AttachSuspicion);

        var other = new AccountBehaviour(1, "other") { Registry = new Account { AccountId = "other", CreatedAt = Traffic.Start, SignupIp = "45.1.1.1", EmailDomain = "x.io" } };
        Send(other, 10, _ => "45.1.1.1");
        var pair = new AccountLinker(Settings).Build([silent, other], []).Find(0, 1);
        Assert.NotNull(pair);
        Assert.Equal([LinkKinds.SignupIp], pair.Reasons.Select(r => r.Kind));
    }

    [Fact]
    public void Scan_writes_a_line_for_every_registry_account_and_a_fleet_spare_without_traffic_is_actioned()
    {
        var traffic = World.Build(organic: 20, fleet: 8, natUsers: 5, orgAccounts: 2);
        traffic.Account("idle_user", createdDaysBefore: 40);
        // A spare fleet account: the fleet's card and sign-up address, registered with the fleet, never used yet.
        traffic.Account("spare_head", payment: "pm_pool_1", signupIp: "45.9.9.1", createdDaysBefore: 1);
        string dir = Traffic.TempDir();
        try
        {
            var (ex, ac) = traffic.Write(Path.Combine(dir, "in"));
            var options = new ScanOptions { ExchangeFiles = [ex], AccountsFile = ac, Workers = 1 };
            var result = new ScanPipeline(options).Run();
            var doc = ScanOutputWriter.Write(result, Path.Combine(dir, "out"), options.Settings, Traffic.Start);
            var scores = RecordReader.Read(Path.Combine(dir, "out", ScanOutputFiles.AccountScores), AccountScoreCodec.Instance, new ReadReport())
                .ToDictionary(s => s.AccountId);

            Assert.Equal(traffic.Accounts.Count, scores.Count);
            var idle = scores["idle_user"];
            Assert.Equal(0, idle.Exchanges);
            Assert.Equal(EnforcementActions.Allow, idle.Action);
            Assert.Null(idle.CampaignId);
            Assert.True(idle.Score < 0.1);

            var spare = scores["spare_head"];
            var campaign = Assert.Single(doc.Campaigns);
            Assert.Equal(campaign.Id, spare.CampaignId);
            Assert.Contains("spare_head", campaign.Accounts);
            Assert.NotEqual(EnforcementActions.Allow, spare.Action);
            Assert.Contains(spare.Reasons, r => r.StartsWith("footprint:", StringComparison.Ordinal) && r.Contains("pm_pool_1", StringComparison.Ordinal));
            Assert.Contains(campaign.Evidence, e => e.Kind == "footprint");
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
