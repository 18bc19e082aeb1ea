namespace Moat.Simulation;

/// <summary>
/// Named starting points. <c>small</c> is what tests and <c>demo</c> use; <c>incident</c> is the
/// reported scale; <c>hard</c> turns the campaign knobs towards evasion. Sizes are documented in
/// docs/simulation.md — change both together.
/// </summary>
public static class SimulationPresets
{
    public static readonly IReadOnlyList<string> Names = ["small", "tiny", "medium", "hard", "incident"];

    public static SimulationOptions Get(string name) => name switch
    {
        "small" => Small(),
        "tiny" => Tiny(),
        "medium" => Medium(),
        "incident" => Incident(),
        "hard" => Hard(),
        _ => throw new ArgumentException($"unknown scenario '{name}' (known: {string.Join(", ", Names)})"),
    };

    /// <summary>About 2,000 accounts and 200,000 exchanges over 14 days.</summary>
    public static SimulationOptions Small() => new()
    {
        Scenario = "small",
        Days = 14,
        NewModelReleaseDay = 8,
        Organic =
        [
            new() { Persona = Personas.Casual, Accounts = 1080, Exchanges = 36_000 },
            new() { Persona = Personas.Developer, Accounts = 230, Exchanges = 34_000 },
            new() { Persona = Personas.EnterpriseBatch, Accounts = 12, Exchanges = 30_000, Groups = 3, VolumeTail = 3 },
            new() { Persona = Personas.ResearchEval, Accounts = 18, Exchanges = 11_000, Groups = 3, VolumeTail = 2.5 },
            new() { Persona = Personas.AgentFramework, Accounts = 60, Exchanges = 24_000, VolumeTail = 2 },
            new() { Persona = Personas.SharedNat, Accounts = 160, Exchanges = 6_000, Groups = 3 },
            new() { Persona = Personas.Vpn, Accounts = 90, Exchanges = 3_500, Groups = 12 },
        ],
        Campaigns =
        [
            new()
            {
                Id = "hydra-1", Persona = Personas.Hydra, Accounts = 220, Exchanges = 28_000,
                SignupBursts = 3, PaymentPool = 6, PaymentReuse = 0.85, IpPool = 120, RateLimitPerMinute = 4,
                Templates = 8, ParaphraseRate = 0.1, OrdinaryShare = 0.2, Countries = ["US", "SG", "GB", "CA"],
            },
            new()
            {
                Id = "capability-agentic", Persona = Personas.Capability, Accounts = 40, Exchanges = 10_000, StartDay = 2,
                Focus = Capability.AgenticToolUse, SignupBursts = 2, PaymentPool = 3, PaymentReuse = 0.7, IpPool = 30,
                ResidentialIps = false, Templates = 5, Countries = ["US", "NL"],
            },
            new()
            {
                Id = "capability-reasoning", Persona = Personas.Capability, Accounts = 30, Exchanges = 8_000, StartDay = 1,
                Focus = Capability.ReasoningTrace, SignupBursts = 2, PaymentPool = 3, PaymentReuse = 0.6, IpPool = 60,
                Templates = 6, Countries = ["SG", "MY", "US"],
            },
            new()
            {
                Id = "stealth-1", Persona = Personas.Stealth, Accounts = 24, Exchanges = 1_500, SignupBursts = 6,
                PaymentPool = 24, PaymentReuse = 0.1, IpPool = 24, RateLimitPerMinute = 1, Templates = 5,
                ParaphraseRate = 0.6, DiurnalMimicry = true, ClientFingerprints = 4, LockstepJitterSeconds = 3600,
                Countries = ["US", "GB", "DE", "CA", "AU"], Focus = Capability.Coding,
            },
            new()
            {
                Id = "pivot-1", Persona = Personas.Pivot, Accounts = 20, Exchanges = 6_000, PaymentPool = 2,
                PaymentReuse = 0.9, IpPool = 40, PivotShare = 0.85, Templates = 4, Countries = ["US", "HK"],
                Focus = Capability.ReasoningTrace,
            },
            new()
            {
                Id = "programme-1", Persona = Personas.Programme, Accounts = 25, Exchanges = 4_000, StartDay = 3,
                Tier = "education", PaymentPool = 1, PaymentReuse = 0.0, IpPool = 25, Templates = 4,
                Countries = ["IN", "US", "GB"], Focus = Capability.Coding,
            },
        ],
    };

    /// <summary>A quarter-size <c>small</c> for fast tests: the same personas and campaigns.</summary>
    public static SimulationOptions Tiny() => Small().WithTotalAccounts(600).WithTotalExchanges(30_000).WithDays(7) with { Scenario = "tiny" };

    /// <summary>
    /// <c>small</c> ×5 in accounts and volume over four weeks: big enough for realistic link-graph
    /// density, small enough for a laptop (≈1 M exchanges; response text cut to 400 characters).
    /// </summary>
    public static SimulationOptions Medium() => Small().WithTotalAccounts(10_000).WithTotalExchanges(1_000_000).WithDays(28) with
    {
        Scenario = "medium",
        ResponseText = ResponseTextMode.Truncate,
        ResponseTextChars = 400,
        HistoryChars = 400,
    };

    /// <summary>
    /// The reported incident: one campaign of 28.8 million exchanges from about 25,000 accounts
    /// over 45 days, plus an organic background of 100,000+ accounts and 30 million exchanges.
    /// Organic volumes are set 3.5% above 30 million because realised volumes fall short of expected
    /// ones (seed 7 gave 29.84 million from a 30.0 million expectation).
    /// </summary>
    public static SimulationOptions Incident() => new()
    {
        Scenario = "incident",
        Days = 45,
        NewModelReleaseDay = 30,
        ResponseText = ResponseTextMode.Truncate,
        ResponseTextChars = 200,
        HistoryChars = 160,
        Gzip = true,
        Organic =
        [
            new() { Persona = Personas.Casual, Accounts = 82_000, Exchanges = 9_300_000 },
            new() { Persona = Personas.Developer, Accounts = 12_000, Exchanges = 7_800_000 },
            new() { Persona = Personas.EnterpriseBatch, Accounts = 240, Exchanges = 7_200_000, Groups = 40, VolumeTail = 3 },
            new() { Persona = Personas.ResearchEval, Accounts = 300, Exchanges = 1_550_000, Groups = 25, VolumeTail = 2.5 },
            new() { Persona = Personas.AgentFramework, Accounts = 2_500, Exchanges = 4_150_000, VolumeTail = 2 },
            new() { Persona = Personas.SharedNat, Accounts = 5_000, Exchanges = 720_000, Groups = 60 },
            new() { Persona = Personas.Vpn, Accounts = 3_000, Exchanges = 310_000, Groups = 80 },
        ],
        Campaigns =
        [
            new()
            {
                Id = "hydra-incident", Persona = Personas.Hydra, Accounts = 25_000, Exchanges = 28_800_000,
                SignupBursts = 40, PaymentPool = 300, PaymentReuse = 0.8, IpPool = 20_000, RateLimitPerMinute = 4,
                Templates = 24, ParaphraseRate = 0.15, OrdinaryShare = 0.15, PivotShare = 0.6,
                Countries = ["US", "SG", "GB", "CA", "DE", "JP"],
            },
        ],
    };

    /// <summary><c>small</c> with every campaign turned towards evasion: the harder variant, by parameters only.</summary>
    public static SimulationOptions Hard()
    {
        var small = Small();
        return small with
        {
            Scenario = "hard",
            Campaigns = small.Campaigns.Select(c => c with
            {
                PaymentReuse = c.PaymentReuse * 0.3,
                IpPool = c.IpPool * 4,
                Templates = c.Templates * 4,
                ParaphraseRate = Math.Min(1, c.ParaphraseRate + 0.5),
                OrdinaryShare = Math.Min(0.6, c.OrdinaryShare + 0.3),
                LockstepJitterSeconds = c.LockstepJitterSeconds * 30,
                DiurnalMimicry = true,
                ClientFingerprints = Math.Max(c.ClientFingerprints, 6),
                SignupBursts = c.SignupBursts * 4,
            }).ToArray(),
        };
    }
}
