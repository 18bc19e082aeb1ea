namespace Moat.Detection.Features;

/// <summary>
/// Decides which capability an exchange targets from structure first (tool definitions, code,
/// reasoning requested) and word-stem families second, so that rewording alone does not hide it.
/// </summary>
public static class CapabilityClassifier
{
    public static Capability Classify(in PromptShape shape, int tools, bool reasoning)
    {
        int agentic = shape.Agentic + (tools > 0 ? 4 : 0);
        int coding = shape.Coding + 2 * shape.CodeSlots;
        int planning = shape.Planning;
        int trace = shape.ChainOfThought + (reasoning ? 1 : 0);
        int best = Math.Max(Math.Max(agentic, coding), Math.Max(planning, trace));
        if (best < 2) return Capability.Other;
        if (agentic == best) return Capability.AgenticToolUse;
        if (coding == best) return Capability.Coding;
        if (planning == best) return Capability.LongHorizonPlanning;
        return Capability.ReasoningTrace;
    }

    /// <summary>Chain-of-thought elicitation: asks to show the steps, not only for an answer.</summary>
    public static bool ElicitsChainOfThought(in PromptShape shape) => shape.ChainOfThought >= 2;

    /// <summary>Rubric or reward-model grading: asks to score or judge with criteria.</summary>
    public static bool AsksForGrading(in PromptShape shape) => shape.Grading >= 2;
}
