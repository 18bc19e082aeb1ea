namespace Moat.Simulation;

/// <summary>How much of each response's text goes into the exchange log.</summary>
public enum ResponseTextMode
{
    Full,
    Truncate,
    None,
}

/// <summary>
/// Everything that shapes a simulated run. Same options and seed → byte-identical files.
/// Start from a preset (<see cref="FromPreset"/>) and override with <c>with { ... }</c> or
/// <see cref="SimulationKnobs.Apply"/> (<c>--set knob=value</c>).
/// </summary>
public sealed record SimulationOptions
{
    /// <summary>The preset this run started from (recorded in the manifest).</summary>
    public string Scenario { get; init; } = "custom";
    public long Seed { get; init; } = 1;
    /// <summary>First simulated day, 00:00 UTC.</summary>
    public DateTime Start { get; init; } = new(2026, 4, 6, 0, 0, 0, DateTimeKind.Utc);
    public int Days { get; init; } = 14;

    public IReadOnlyList<OrganicGroup> Organic { get; init; } = [];
    public IReadOnlyList<CampaignSpec> Campaigns { get; init; } = [];

    /// <summary>Flagship model everyone uses before the release.</summary>
    public string Model { get; init; } = "frontier-4";
    /// <summary>Model released during the window; organic users adopt it slowly, pivot campaigns within a day.</summary>
    public string NewModel { get; init; } = "frontier-5";
    /// <summary>Day (0-based) the new model is released; beyond the window = never.</summary>
    public int NewModelReleaseDay { get; init; } = 9;
    /// <summary>Share of organic traffic that moves to the new model per day after its release.</summary>
    public double OrganicAdoptionPerDay { get; init; } = 0.04;

    public ResponseTextMode ResponseText { get; init; } = ResponseTextMode.Full;
    /// <summary>Characters kept with <see cref="ResponseTextMode.Truncate"/>.</summary>
    public int ResponseTextChars { get; init; } = 400;
    /// <summary>
    /// Characters kept of each earlier turn in <c>request.messages</c> (0 = all). Applications trim
    /// history too; the prompt of the exchange (the last user message) is always kept whole.
    /// </summary>
    public int HistoryChars { get; init; }
    /// <summary>Write <c>exchanges.jsonl.gz</c> instead of plain text.</summary>
    public bool Gzip { get; init; }
    /// <summary>Folder with <c>organic/</c> and <c>distill/</c> corpora; null = the built-in corpus.</summary>
    public string? CorpusDir { get; init; }
    /// <summary>Render threads; output does not depend on it.</summary>
    public int Workers { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Share of requests that fail (5xx) — noise every real log has.</summary>
    public double ErrorRate { get; init; } = 0.003;

    public static SimulationOptions FromPreset(string name, long seed) => SimulationPresets.Get(name) with { Seed = seed };

    public long OrganicAccounts => Organic.Sum(g => (long)g.Accounts);
    public long AttackAccounts => Campaigns.Sum(c => (long)c.Accounts);
    public long TargetExchanges => Organic.Sum(g => g.Exchanges) + Campaigns.Sum(c => c.Exchanges);

    /// <summary>Scales every group's and campaign's account count so that the total is about <paramref name="accounts"/>.</summary>
    public SimulationOptions WithTotalAccounts(long accounts)
    {
        double f = accounts / (double)Math.Max(1, OrganicAccounts + AttackAccounts);
        return this with
        {
            Organic = Organic.Select(g => g with { Accounts = Scale(g.Accounts, f), Groups = Math.Min(g.Groups, Scale(g.Accounts, f)) }).ToArray(),
            Campaigns = Campaigns.Select(c => c with { Accounts = Math.Max(2, Scale(c.Accounts, f)) }).ToArray(),
        };
    }

    /// <summary>Scales every volume so that the total is about <paramref name="exchanges"/>.</summary>
    public SimulationOptions WithTotalExchanges(long exchanges)
    {
        double f = exchanges / (double)Math.Max(1, TargetExchanges);
        return this with
        {
            Organic = Organic.Select(g => g with { Exchanges = (long)Math.Round(g.Exchanges * f) }).ToArray(),
            Campaigns = Campaigns.Select(c => c with { Exchanges = (long)Math.Round(c.Exchanges * f) }).ToArray(),
        };
    }

    /// <summary>
    /// Changes the window to <paramref name="days"/>, moving campaign start days, durations and the model
    /// release proportionally so that every campaign still runs.
    /// </summary>
    public SimulationOptions WithDays(int days)
    {
        if (days < 1) throw new ArgumentException($"days must be ≥ 1, got {days}");
        double f = days / (double)Days;
        return this with
        {
            Days = days,
            NewModelReleaseDay = (int)(NewModelReleaseDay * f),
            Campaigns = Campaigns.Select(c => c with
            {
                StartDay = Math.Min(days - 1, (int)(c.StartDay * f)),
                Duration = c.Duration == 0 ? 0 : Math.Max(1, (int)Math.Round(c.Duration * f)),
            }).ToArray(),
        };
    }

    private static int Scale(int n, double f) => n == 0 ? 0 : Math.Max(1, (int)Math.Round(n * f));

    /// <summary>Throws <see cref="ArgumentException"/> naming the first knob that cannot work.</summary>
    public void Validate()
    {
        if (Days < 1 || Days > 3660) throw new ArgumentException($"days must be 1..3660, got {Days}");
        if (Organic.Count + Campaigns.Count == 0) throw new ArgumentException("nothing to simulate: no organic groups and no campaigns");
        if (HistoryChars < 0) throw new ArgumentException("history_chars must be ≥ 0");
        if (ResponseTextChars < 0) throw new ArgumentException("response text length must be ≥ 0");
        if (ErrorRate is < 0 or > 1) throw new ArgumentException("error_rate must be in [0, 1]");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var g in Organic)
        {
            if (!Personas.IsOrganic(g.Persona)) throw new ArgumentException($"'{g.Persona}' is not an organic persona ({string.Join(", ", Personas.Organic)})");
            if (g.Accounts < 0 || g.Exchanges < 0) throw new ArgumentException($"{g.Persona}: accounts and exchanges must be ≥ 0");
        }
        foreach (var c in Campaigns)
        {
            if (!ids.Add(c.Id)) throw new ArgumentException($"campaign id '{c.Id}' is used twice");
            if (!Personas.IsAttack(c.Persona)) throw new ArgumentException($"campaign {c.Id}: '{c.Persona}' is not an attack persona ({string.Join(", ", Personas.Attack)})");
            if (c.Accounts < 1 || c.Exchanges < 0) throw new ArgumentException($"campaign {c.Id}: needs ≥ 1 account and ≥ 0 exchanges");
            if (c.PaymentReuse is < 0 or > 1 || c.SignupDuringWindow is < 0 or > 1 || c.Churn is < 0 or > 1 || c.ParaphraseRate is < 0 or > 1 || c.OrdinaryShare is < 0 or > 1)
                throw new ArgumentException($"campaign {c.Id}: payment_reuse, paraphrase_rate and ordinary_share are shares in [0, 1]");
            if (c.StartDay < 0 || c.StartDay >= Days) throw new ArgumentException($"campaign {c.Id}: start_day {c.StartDay} is outside the {Days}-day window");
            if (c.RateLimitPerMinute <= 0) throw new ArgumentException($"campaign {c.Id}: rate_limit must be > 0");
            if (c.Templates < 1 || c.IpPool < 1 || c.PaymentPool < 1 || c.SignupBursts < 1 || c.ClientFingerprints < 1)
                throw new ArgumentException($"campaign {c.Id}: templates, ip_pool, payment_pool, signup_bursts and client_fingerprints must be ≥ 1");
            if (c.Countries.Count == 0) throw new ArgumentException($"campaign {c.Id}: needs at least one country");
            if (c.Tier is not ("free" or "paid" or "startup" or "education" or "research" or "enterprise"))
                throw new ArgumentException($"campaign {c.Id}: tier '{c.Tier}' is not one of free, paid, startup, education, research, enterprise");
        }
    }
}

/// <summary>One organic persona's population: how many accounts and how much traffic in total.</summary>
public sealed record OrganicGroup
{
    public required string Persona { get; init; }
    public int Accounts { get; init; }
    /// <summary>Expected exchanges of the whole group over the window; spread heavy-tailed over its accounts.</summary>
    public long Exchanges { get; init; }
    /// <summary>Organisations / NAT addresses / VPN exits the accounts are spread over (persona-specific meaning).</summary>
    public int Groups { get; init; } = 1;
    /// <summary>Pareto tail index of per-account volume (smaller = heavier tail).</summary>
    public double VolumeTail { get; init; } = 1.4;
}

/// <summary>One distillation campaign. Every behaviour that a detector might key on is a knob here.</summary>
public sealed record CampaignSpec
{
    public required string Id { get; init; }
    /// <summary>hydra, capability, stealth, pivot or programme.</summary>
    public required string Persona { get; init; }
    public int Accounts { get; init; } = 50;
    /// <summary>Expected exchanges of the whole campaign over its active days.</summary>
    public long Exchanges { get; init; } = 10_000;
    /// <summary>First active day (0-based); accounts sign up in bursts before it.</summary>
    public int StartDay { get; init; }
    /// <summary>Active days; 0 = until the end of the window.</summary>
    public int Duration { get; init; }

    /// <summary>Sign-up bursts the accounts were created in (1 = all at once).</summary>
    public int SignupBursts { get; init; } = 3;
    /// <summary>Share of sign-up bursts that happen during the active window (replacement accounts).</summary>
    public double SignupDuringWindow { get; init; } = 0.3;
    /// <summary>Share of accounts that stop before the window ends (banned or dropped); they stop on a random day.</summary>
    public double Churn { get; init; } = 0.2;
    /// <summary>Size of the shared pool of payment instruments.</summary>
    public int PaymentPool { get; init; } = 5;
    /// <summary>Share of accounts that pay with an instrument from the shared pool (the rest have their own).</summary>
    public double PaymentReuse { get; init; } = 0.8;
    /// <summary>Addresses in the campaign's (residential) proxy pool; each request picks one.</summary>
    public int IpPool { get; init; } = 200;
    /// <summary>Residential proxies (true) or a few datacenter ranges (false).</summary>
    public bool ResidentialIps { get; init; } = true;
    /// <summary>Per-account rate limit the operator stays under (requests per minute).</summary>
    public double RateLimitPerMinute { get; init; } = 6;
    /// <summary>Distinct prompt templates the campaign rotates through.</summary>
    public int Templates { get; init; } = 6;
    /// <summary>Share of prompts lightly paraphrased (word swaps, reordered framing).</summary>
    public double ParaphraseRate { get; init; } = 0.1;
    /// <summary>Share of traffic that is resold ordinary customer traffic rather than harvesting.</summary>
    public double OrdinaryShare { get; init; }
    /// <summary>Seconds of jitter around each round-robin wave; small = tight lockstep.</summary>
    public double LockstepJitterSeconds { get; init; } = 20;
    /// <summary>Follow a human day in the accounts' claimed time zones instead of running around the clock.</summary>
    public bool DiurnalMimicry { get; init; }
    /// <summary>Distinct client fingerprints (user agent + TLS) across the campaign's accounts.</summary>
    public int ClientFingerprints { get; init; } = 1;
    /// <summary>Capability focus; General = a broad mix.</summary>
    public Capability Focus { get; init; } = Capability.General;
    /// <summary>Share of the campaign's traffic that moves to the new model within a day of its release.</summary>
    public double PivotShare { get; init; }
    /// <summary>Sign-up tier: free, paid, startup, education.</summary>
    public string Tier { get; init; } = "paid";
    /// <summary>ISO country codes the accounts claim (round-robin).</summary>
    public IReadOnlyList<string> Countries { get; init; } = ["US"];
}
