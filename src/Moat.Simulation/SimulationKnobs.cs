using System.Globalization;

namespace Moat.Simulation;

/// <summary>
/// <c>--set knob=value</c>: every option by name. Global knobs (<c>days</c>), organic group knobs
/// (<c>casual.accounts</c>) and campaign knobs addressed by campaign id (<c>hydra-1.ip_pool</c>) or by
/// persona for all its campaigns (<c>hydra.payment_reuse</c>). <c>add_campaign=ID:PERSONA</c> and
/// <c>remove_campaign=ID</c> change the cast. Applied left to right.
/// </summary>
public static class SimulationKnobs
{
    private delegate SimulationOptions GlobalSetter(SimulationOptions o, string value);
    private delegate OrganicGroup GroupSetter(OrganicGroup g, string value);
    private delegate CampaignSpec CampaignSetter(CampaignSpec c, string value);

    private static readonly (string Name, string Help, GlobalSetter Set)[] Global =
    [
        ("seed", "random seed", (o, v) => o with { Seed = Long(v) }),
        ("days", "days simulated (campaign days move proportionally)", (o, v) => o.WithDays(Int(v))),
        ("start", "first day, YYYY-MM-DD (UTC)", (o, v) => o with { Start = DateTime.SpecifyKind(DateTime.ParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture), DateTimeKind.Utc) }),
        ("accounts", "scale all account counts to about this total", (o, v) => o.WithTotalAccounts(Long(v))),
        ("exchanges", "scale all volumes to about this total", (o, v) => o.WithTotalExchanges(Long(v))),
        ("model", "flagship model name", (o, v) => o with { Model = v }),
        ("new_model", "model released during the window", (o, v) => o with { NewModel = v }),
        ("release_day", "day the new model is released (0-based)", (o, v) => o with { NewModelReleaseDay = Int(v) }),
        ("organic_adoption", "organic share moving to the new model per day", (o, v) => o with { OrganicAdoptionPerDay = Double(v) }),
        ("error_rate", "share of 5xx responses", (o, v) => o with { ErrorRate = Double(v) }),
        ("response_text_chars", "characters kept with --response-text truncate", (o, v) => o with { ResponseTextChars = Int(v) }),
        ("history_chars", "characters kept of earlier turns in request.messages (0 = all)", (o, v) => o with { HistoryChars = Int(v) }),
        ("gzip", "write exchanges.jsonl.gz", (o, v) => o with { Gzip = Bool(v) }),
        ("workers", "render threads (output does not depend on it)", (o, v) => o with { Workers = Math.Max(1, Int(v)) }),
        ("add_campaign", "ID:PERSONA adds a campaign with default knobs", AddCampaign),
        ("remove_campaign", "ID removes a campaign", (o, v) => o with { Campaigns = o.Campaigns.Where(c => c.Id != v).ToArray() }),
    ];

    private static readonly (string Name, string Help, GroupSetter Set)[] Group =
    [
        ("accounts", "accounts in the group", (g, v) => g with { Accounts = Int(v) }),
        ("exchanges", "expected exchanges of the whole group", (g, v) => g with { Exchanges = Long(v) }),
        ("groups", "organisations / NAT addresses / VPN exits", (g, v) => g with { Groups = Int(v) }),
        ("tail", "Pareto tail index of per-account volume", (g, v) => g with { VolumeTail = Double(v) }),
    ];

    private static readonly (string Name, string Help, CampaignSetter Set)[] Campaign =
    [
        ("accounts", "member accounts", (c, v) => c with { Accounts = Int(v) }),
        ("exchanges", "expected exchanges over the active days", (c, v) => c with { Exchanges = Long(v) }),
        ("start_day", "first active day", (c, v) => c with { StartDay = Int(v) }),
        ("duration", "active days (0 = to the end)", (c, v) => c with { Duration = Int(v) }),
        ("signup_bursts", "sign-up bursts", (c, v) => c with { SignupBursts = Int(v) }),
        ("signup_during", "share of sign-up bursts inside the active window", (c, v) => c with { SignupDuringWindow = Double(v) }),
        ("churn", "share of accounts that stop early (banned or dropped)", (c, v) => c with { Churn = Double(v) }),
        ("payment_pool", "shared payment instruments", (c, v) => c with { PaymentPool = Int(v) }),
        ("payment_reuse", "share of accounts paying from the shared pool", (c, v) => c with { PaymentReuse = Double(v) }),
        ("ip_pool", "proxy addresses", (c, v) => c with { IpPool = Int(v) }),
        ("residential_ips", "residential (true) or datacenter (false) proxies", (c, v) => c with { ResidentialIps = Bool(v) }),
        ("rate_limit", "per-account requests per minute", (c, v) => c with { RateLimitPerMinute = Double(v) }),
        ("templates", "distinct prompt templates", (c, v) => c with { Templates = Int(v) }),
        ("paraphrase_rate", "share of paraphrased prompts", (c, v) => c with { ParaphraseRate = Double(v) }),
        ("ordinary_share", "share of resold ordinary traffic", (c, v) => c with { OrdinaryShare = Double(v) }),
        ("lockstep_jitter", "seconds of jitter around each wave", (c, v) => c with { LockstepJitterSeconds = Double(v) }),
        ("diurnal_mimicry", "follow a human day per account", (c, v) => c with { DiurnalMimicry = Bool(v) }),
        ("client_fingerprints", "distinct user agent + TLS stacks", (c, v) => c with { ClientFingerprints = Int(v) }),
        ("focus", "general, agentic_tool_use, coding, long_horizon_planning, reasoning_trace, reward_grading", (c, v) => c with { Focus = ParseCapability(v) }),
        ("pivot_share", "share moving to the new model within a day", (c, v) => c with { PivotShare = Double(v) }),
        ("tier", "sign-up tier", (c, v) => c with { Tier = v }),
        ("countries", "claimed countries, e.g. US|SG|GB", (c, v) => c with { Countries = v.Split('|', ',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) }),
    ];

    /// <summary>One line per knob, for <c>--help</c> and docs.</summary>
    public static IEnumerable<string> Describe()
    {
        foreach (var k in Global) yield return $"{k.Name,-32} {k.Help}";
        foreach (var k in Group) yield return $"{"<persona>." + k.Name,-32} {k.Help}";
        foreach (var k in Campaign) yield return $"{"<campaign>." + k.Name,-32} {k.Help}";
    }

    /// <summary>Applies <c>knob=value</c>; throws <see cref="ArgumentException"/> with the knob's name on any problem.</summary>
    public static SimulationOptions Apply(SimulationOptions options, string assignment)
    {
        int eq = assignment.IndexOf('=');
        if (eq <= 0) throw new ArgumentException($"'{assignment}' is not knob=value");
        string name = assignment[..eq].Trim().ToLowerInvariant(), value = assignment[(eq + 1)..].Trim();
        try
        {
            return ApplyParsed(options, name, value);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"knob '{name}': '{value}' is not valid ({e.Message})", e);
        }
    }

    private static SimulationOptions ApplyParsed(SimulationOptions options, string name, string value)
    {
        foreach (var k in Global)
            if (k.Name == name) return k.Set(options, value);

        int dot = name.LastIndexOf('.');
        if (dot <= 0) throw new ArgumentException($"unknown knob '{name}' (see 'moat simulate --help')");
        string target = name[..dot], knob = name[(dot + 1)..];

        if (Personas.IsOrganic(target))
        {
            var setter = Group.FirstOrDefault(k => k.Name == knob).Set ?? throw new ArgumentException($"unknown organic knob '{knob}' in '{name}'");
            if (!options.Organic.Any(g => g.Persona == target))
                return options with { Organic = [.. options.Organic, setter(new OrganicGroup { Persona = target }, value)] };
            return options with { Organic = options.Organic.Select(g => g.Persona == target ? setter(g, value) : g).ToArray() };
        }

        var campaignSetter = Campaign.FirstOrDefault(k => k.Name == knob).Set ?? throw new ArgumentException($"unknown campaign knob '{knob}' in '{name}'");
        bool byPersona = Personas.IsAttack(target);
        if (!options.Campaigns.Any(c => byPersona ? c.Persona == target : c.Id == target))
            throw new ArgumentException($"no campaign '{target}' in this scenario (campaigns: {string.Join(", ", options.Campaigns.Select(c => c.Id))})");
        return options with
        {
            Campaigns = options.Campaigns.Select(c => (byPersona ? c.Persona == target : c.Id == target) ? campaignSetter(c, value) : c).ToArray(),
        };
    }

    private static SimulationOptions AddCampaign(SimulationOptions o, string value)
    {
        var parts = value.Split(':', 2);
        if (parts.Length != 2 || !Personas.IsAttack(parts[1]))
            throw new ArgumentException($"add_campaign expects ID:PERSONA with persona one of {string.Join(", ", Personas.Attack)}");
        return o with { Campaigns = [.. o.Campaigns, new CampaignSpec { Id = parts[0], Persona = parts[1] }] };
    }

    private static Capability ParseCapability(string v) =>
        Enum.TryParse<Capability>(v.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var c)
            ? c
            : throw new FormatException("expected general, agentic_tool_use, coding, long_horizon_planning, reasoning_trace or reward_grading");

    private static int Int(string v) => int.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture);
    private static long Long(string v) => long.Parse(v.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture);
    private static double Double(string v) => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture);
    private static bool Bool(string v) => v.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => throw new FormatException("expected true or false"),
    };
}
