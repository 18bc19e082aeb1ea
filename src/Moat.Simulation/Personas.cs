namespace Moat.Simulation;

/// <summary>
/// The persona names written to <c>labels.jsonl</c>. They are part of the public output: evaluation
/// reports group by them, so they never change meaning (docs/simulation.md describes each).
/// </summary>
public static class Personas
{
    // Organic: legitimate traffic, including heavy users a detector must not flag.
    public const string Casual = "casual";
    public const string Developer = "developer";
    public const string EnterpriseBatch = "enterprise_batch";
    public const string ResearchEval = "research_eval";
    public const string AgentFramework = "agent_framework";
    public const string SharedNat = "shared_nat";
    public const string Vpn = "vpn";

    // Attack: distillation campaigns.
    public const string Hydra = "hydra";
    public const string Capability = "capability";
    public const string Stealth = "stealth";
    public const string Pivot = "pivot";
    public const string Programme = "programme";

    public static readonly IReadOnlyList<string> Organic =
        [Casual, Developer, EnterpriseBatch, ResearchEval, AgentFramework, SharedNat, Vpn];

    public static readonly IReadOnlyList<string> Attack = [Hydra, Capability, Stealth, Pivot, Programme];

    public static bool IsOrganic(string persona) => Organic.Contains(persona);

    public static bool IsAttack(string persona) => Attack.Contains(persona);
}

/// <summary>What a capability-targeted campaign harvests; also the mix of every other campaign.</summary>
public enum Capability
{
    General,
    AgenticToolUse,
    Coding,
    LongHorizonPlanning,
    ReasoningTrace,
    RewardGrading,
}
