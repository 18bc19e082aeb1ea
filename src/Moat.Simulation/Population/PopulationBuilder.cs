using Moat.Contract.Records;
using Moat.Simulation.Content;
using Moat.Simulation.Randomness;

namespace Moat.Simulation.Population;

/// <summary>The accounts of a run and the campaigns they belong to.</summary>
public sealed record Population(IReadOnlyList<Actor> Actors, IReadOnlyList<CampaignRuntime> Campaigns);

/// <summary>
/// Creates every account with its registry entry, ground-truth label and behaviour. Sequential
/// and keyed only by the seed, so the population is the same whatever else changes.
/// </summary>
public sealed class PopulationBuilder
{
    private static readonly string[] WebmailDomains = ["gmail.com", "outlook.com", "yahoo.com", "hotmail.com", "proton.me", "icloud.com", "gmx.de", "qq.com", "naver.com", "yandex.ru"];
    private static readonly string[] Words = ["nimbus", "quartz", "lumen", "vertex", "harbor", "cobalt", "ember", "atlas", "sable", "orbit", "pioneer", "meridian", "kestrel", "tundra", "zephyr", "cinder", "delta", "aurora", "fable", "granite"];

    private readonly SimulationOptions _options;
    private readonly List<Actor> _actors = [];
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private SimRandom _rng;

    public PopulationBuilder(SimulationOptions options)
    {
        _options = options;
        _rng = SimRandom.For(options.Seed, 0x5EED_0001);
    }

    public static Population Build(SimulationOptions options) => new PopulationBuilder(options).Build();

    private Population Build()
    {
        foreach (var group in _options.Organic) AddOrganicGroup(group);
        var campaigns = new List<CampaignRuntime>();
        for (int i = 0; i < _options.Campaigns.Count; i++) campaigns.Add(AddCampaign(i, _options.Campaigns[i]));
        return new Population(_actors, campaigns);
    }

    private void AddOrganicGroup(OrganicGroup g)
    {
        if (g.Accounts == 0) return;
        var weights = new double[g.Accounts];
        double total = 0;
        for (int i = 0; i < g.Accounts; i++) total += weights[i] = Math.Min(200, _rng.Pareto(1, g.VolumeTail));
        int groups = Math.Max(1, Math.Min(g.Groups, g.Accounts));
        var orgs = Enumerable.Range(0, groups).Select(k => NewOrg(g.Persona, k)).ToArray();
        for (int i = 0; i < g.Accounts; i++)
        {
            double volume = g.Exchanges * weights[i] / total;
            _actors.Add(OrganicActor(g.Persona, volume, orgs[i % groups]));
        }
    }

    /// <summary>What accounts of one organisation, NAT or VPN provider share.</summary>
    private sealed record Org(string Id, string Domain, string Payment, string[] Addresses, int Template, Geography.Country Country);

    private Org NewOrg(string persona, int k)
    {
        string word = Words[_rng.Next(Words.Length)] + Words[_rng.Next(Words.Length)];
        string domain = persona switch
        {
            Personas.ResearchEval => $"{word}-lab.ac.uk",
            // Campuses and companies both put many unrelated people behind one address.
            Personas.SharedNat => k % 2 == 0 ? $"{word}.edu" : $"{word}.com",
            _ => $"{word}.com",
        };
        var addresses = persona switch
        {
            // One NAT address for a whole campus; VPN providers have a handful of exits.
            Personas.SharedNat => [AddressSpace.ResidentialAddress(ref _rng)],
            Personas.Vpn => Enumerable.Range(0, 3).Select(_ => AddressSpace.VpnExitAddress(ref _rng)).ToArray(),
            _ => Enumerable.Range(0, 2).Select(_ => AddressSpace.DatacenterAddress(ref _rng)).ToArray(),
        };
        return new Org($"org_{word}{k}", domain, NewPayment(), addresses, _rng.Next(1 << 20), Geography.PickOrganic(ref _rng));
    }

    private Actor OrganicActor(string persona, double volume, Org org)
    {
        var country = persona is Personas.EnterpriseBatch or Personas.ResearchEval or Personas.SharedNat ? org.Country : Geography.PickOrganic(ref _rng);
        int ageDays = persona is Personas.EnterpriseBatch ? _rng.Next(200, 900) : _rng.Next(-_options.Days, 700);
        // Some accounts sign up during the window; they only send traffic from then on.
        int firstDay = ageDays < 0 ? -ageDays : 0;
        var created = _options.Start.AddDays(-ageDays).AddSeconds(_rng.Next(86_400));
        string home = AddressSpace.ResidentialAddress(ref _rng);
        var client = ClientCatalog.PickCasual(ref _rng);
        string? orgId = null, tier = _rng.Chance(0.5) ? AccountTiers.Free : AccountTiers.Paid, email = _rng.Pick(WebmailDomains), payment = tier == AccountTiers.Paid ? NewPayment() : null;
        bool verified = _rng.Chance(0.1);
        IReadOnlyList<string>? pool = null;
        var b = new OrganicBehaviour();
        switch (persona)
        {
            case Personas.Casual:
                b = new OrganicBehaviour { Rhythm = Rhythm.Diurnal, Activity = 0.35, SessionMean = 3, Think = 70, Roaming = true };
                break;
            case Personas.Developer:
                client = _rng.Pick(ClientCatalog.Sdks);
                tier = AccountTiers.Paid; payment = NewPayment(); email = $"{_rng.Pick(Words)}{_rng.Pick(Words)}.io";
                home = AddressSpace.DatacenterAddress(ref _rng);
                b = new OrganicBehaviour { Rhythm = Rhythm.Diurnal, Activity = 0.75, SessionMean = 6, Think = 25, System = PromptCatalog.DeveloperSystemPrompts.Count, Template = _rng.Next(PromptCatalog.DeveloperTemplates.Count), Mini = _rng.Chance(0.5) };
                break;
            case Personas.EnterpriseBatch:
                client = ClientCatalog.Sdks[(int)(org.Template % ClientCatalog.Sdks.Count)];
                tier = AccountTiers.Enterprise; verified = true; orgId = org.Id; email = org.Domain; payment = org.Payment;
                pool = org.Addresses; home = org.Addresses[0];
                b = new OrganicBehaviour { Rhythm = Rhythm.AroundTheClock, Activity = 1, SessionMean = 400, Think = 1.5, Template = org.Template % PromptCatalog.EnterpriseTemplates.Count, Mini = true, MaxTokens = 256, Temperature = 0 };
                break;
            case Personas.ResearchEval:
                client = ClientCatalog.Sdks[0];
                tier = AccountTiers.Research; verified = true; orgId = org.Id; email = org.Domain; payment = org.Payment;
                pool = org.Addresses; home = org.Addresses[0];
                b = new OrganicBehaviour { Rhythm = Rhythm.Office, Activity = 0.45, SessionMean = 250, Think = 4, Template = org.Template, Reasoning = true, MaxTokens = 8192, Temperature = 0 };
                break;
            case Personas.AgentFramework:
                client = _rng.Pick(ClientCatalog.AgentFrameworks);
                tier = AccountTiers.Paid; payment = NewPayment();
                home = AddressSpace.DatacenterAddress(ref _rng);
                b = new OrganicBehaviour { Rhythm = Rhythm.Diurnal, Activity = 0.65, SessionMean = 18, Think = 6, Tools = _rng.Next(4, 24), Template = _rng.Next(PromptCatalog.AgentSystemPrompts.Count), MaxTokens = 4096 };
                break;
            case Personas.SharedNat:
                // Students and staff behind the campus NAT: unrelated people, one address.
                if (org.Domain.EndsWith(".edu", StringComparison.Ordinal))
                {
                    if (_rng.Chance(0.4)) { tier = AccountTiers.Education; email = org.Domain; }
                }
                else if (_rng.Chance(0.6))
                {
                    tier = AccountTiers.Paid; email = org.Domain; payment = NewPayment();
                }
                pool = org.Addresses; home = org.Addresses[0];
                b = new OrganicBehaviour { Rhythm = Rhythm.Office, Activity = 0.35, SessionMean = 3, Think = 80 };
                break;
            case Personas.Vpn:
                pool = org.Addresses; home = org.Addresses[0];
                b = new OrganicBehaviour { Rhythm = Rhythm.Diurnal, Activity = 0.3, SessionMean = 3, Think = 70 };
                break;
        }
        var account = new Account
        {
            AccountId = NewAccountId(),
            CreatedAt = created,
            OrgId = orgId,
            EmailDomain = email,
            PaymentFingerprint = payment,
            Country = country.Code,
            SignupIp = pool is null ? home : pool[_rng.Next(pool.Count)],
            Tier = tier,
            Verified = verified,
        };
        return new Actor
        {
            Index = _actors.Count,
            Account = account,
            Label = new Label { AccountId = account.AccountId, Kind = LabelKinds.Organic, Persona = persona },
            UtcOffsetMinutes = country.UtcOffsetMinutes,
            Language = country.Language,
            Rhythm = b.Rhythm,
            Volume = volume,
            FirstDay = firstDay,
            DailyActivity = b.Activity,
            SessionMean = b.SessionMean,
            ThinkSeconds = b.Think,
            Client = client,
            HomeIp = home,
            AddressPool = pool,
            RoamingIp = b.Roaming,
            ApiKeys = 1 + _rng.Next(persona == Personas.EnterpriseBatch ? 4 : 2),
            SystemPrompt = b.System > 0 ? PromptCatalog.DeveloperSystemPrompt(_rng.Next(b.System), _rng.Pick(Words)) : null,
            Tools = b.Tools,
            Template = b.Template,
            Reasoning = b.Reasoning,
            MaxTokens = b.MaxTokens,
            Temperature = b.Temperature,
            Stream = client.UserAgent.StartsWith("Mozilla", StringComparison.Ordinal) || _rng.Chance(0.3),
            PrefersMini = b.Mini,
            Key = (long)_rng.NextULong(),
        };
    }

    /// <summary>Per-persona behaviour defaults; a class so that object initialisers keep the defaults.</summary>
    private sealed record OrganicBehaviour
    {
        public Rhythm Rhythm { get; init; } = Rhythm.Diurnal;
        public double Activity { get; init; } = 0.35;
        public double SessionMean { get; init; } = 3;
        public double Think { get; init; } = 60;
        public bool Roaming { get; init; }
        public int System { get; init; }
        public int Template { get; init; }
        public int Tools { get; init; }
        public bool Reasoning { get; init; }
        public bool Mini { get; init; }
        public int MaxTokens { get; init; } = 1024;
        public double Temperature { get; init; } = 1.0;
    }

    private CampaignRuntime AddCampaign(int index, CampaignSpec spec)
    {
        var pool = new string[Math.Max(1, spec.IpPool)];
        for (int i = 0; i < pool.Length; i++)
            pool[i] = spec.ResidentialIps ? AddressSpace.ResidentialAddress(ref _rng) : AddressSpace.DatacenterAddress(ref _rng);
        var payments = Enumerable.Range(0, Math.Max(1, spec.PaymentPool)).Select(_ => NewPayment()).ToArray();
        var clients = Enumerable.Range(0, Math.Max(1, spec.ClientFingerprints)).Select(_ => _rng.Pick(ClientCatalog.Sdks)).ToArray();
        var templates = PromptCatalog.PickHarvestTemplates(spec.Focus, Math.Max(1, spec.Templates), ref _rng);
        string[] domains = spec.Tier == AccountTiers.Education
            ? Enumerable.Range(0, 8).Select(_ => $"{_rng.Pick(Words)}{_rng.Pick(Words)}.edu").ToArray()
            : WebmailDomains[..5];

        // Sign-ups come in bursts of a few hours: most before the campaign starts, the rest during it,
        // replacing accounts as an operator would after bans.
        int activeEnd = spec.Duration > 0 ? Math.Min(_options.Days, spec.StartDay + spec.Duration) : _options.Days;
        int burstCount = Math.Max(1, spec.SignupBursts);
        int during = (int)Math.Round(burstCount * spec.SignupDuringWindow);
        var bursts = new DateTime[burstCount];
        for (int b = 0; b < burstCount; b++)
        {
            double day = b < burstCount - during
                ? spec.StartDay - 1 - 2 * b - _rng.Next(2)
                : spec.StartDay + 1 + _rng.Next(Math.Max(1, activeEnd - spec.StartDay - 1));
            bursts[b] = _options.Start.AddDays(day).AddHours(_rng.Next(24));
        }
        // The first burst always precedes the start, so the campaign has accounts on its first day.
        Array.Sort(bursts);

        var members = new int[spec.Accounts];
        int operatorOffset = Geography.ByCode(spec.Countries[0]).UtcOffsetMinutes + 60 * _rng.Next(-3, 4);
        for (int i = 0; i < spec.Accounts; i++)
        {
            var country = Geography.ByCode(spec.Countries[i % spec.Countries.Count]);
            // Reused instruments are picked so that a share of them is shared; others are fresh.
            string payment = _rng.Chance(spec.PaymentReuse) ? payments[_rng.Next(payments.Length)] : NewPayment();
            var created = bursts[i % bursts.Length].AddSeconds(_rng.Exponential(spec.DiurnalMimicry ? 40_000 : 900));
            var campaignStart = _options.Start.AddDays(spec.StartDay);
            if (i % bursts.Length == 0 && created >= campaignStart) created = campaignStart.AddHours(-1 - _rng.Next(24));
            var account = new Account
            {
                AccountId = NewAccountId(),
                CreatedAt = created,
                EmailDomain = _rng.Pick(domains),
                PaymentFingerprint = spec.Tier == AccountTiers.Education && spec.PaymentReuse == 0 ? null : payment,
                Country = country.Code,
                SignupIp = pool[_rng.Next(pool.Length)],
                Tier = spec.Tier,
                Verified = spec.Tier == AccountTiers.Education && _rng.Chance(0.5),
            };
            var client = clients[i % clients.Length];
            int firstDay = Math.Max(spec.StartDay, (int)Math.Floor((created - _options.Start).TotalDays));
            // Some accounts stop before the end (banned, or dropped by the operator); replacements take over the rotation.
            int endDay = _rng.Chance(spec.Churn) ? firstDay + 1 + _rng.Next(Math.Max(1, activeEnd - firstDay - 1)) : int.MaxValue;
            members[i] = _actors.Count;
            _actors.Add(new Actor
            {
                Index = _actors.Count,
                Account = account,
                Label = new Label { AccountId = account.AccountId, Kind = LabelKinds.Attack, CampaignId = spec.Id, Persona = spec.Persona },
                Campaign = index,
                UtcOffsetMinutes = country.UtcOffsetMinutes,
                Language = "en",
                Rhythm = spec.DiurnalMimicry ? Rhythm.Diurnal : Rhythm.AroundTheClock,
                Volume = spec.Exchanges / (double)spec.Accounts,
                FirstDay = firstDay,
                EndDay = endDay,
                DailyActivity = spec.DiurnalMimicry ? 0.6 : 1,
                SessionMean = spec.DiurnalMimicry ? 2.5 : 1,
                ThinkSeconds = spec.DiurnalMimicry ? 150 : 10,
                Client = client,
                HomeIp = pool[i % pool.Length],
                AddressPool = pool,
                ApiKeys = 1,
                Template = templates[i % templates.Length],
                Reasoning = spec.Focus is Capability.ReasoningTrace,
                MaxTokens = 8192,
                Temperature = 1.0,
                Stream = false,
                Key = (long)_rng.NextULong(),
            });
        }
        return new CampaignRuntime
        {
            Index = index,
            Spec = spec,
            Members = members,
            AddressPool = pool,
            Templates = templates,
            OperatorUtcOffsetMinutes = operatorOffset,
        };
    }

    private string NewAccountId()
    {
        while (true)
        {
            var id = $"acct_{_rng.NextULong() & 0xFFFF_FFFF_FFUL:x10}";
            if (_ids.Add(id)) return id;
        }
    }

    private string NewPayment() => $"pm_{_rng.NextULong() & 0xFFFF_FFFF_FFFFUL:x12}";
}
