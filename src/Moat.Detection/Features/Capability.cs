namespace Moat.Detection.Features;

/// <summary>The capability a prompt tries to extract from the model (the contract's capability names).</summary>
public enum Capability : byte
{
    Other = 0,
    AgenticToolUse = 1,
    Coding = 2,
    ReasoningTrace = 3,
    LongHorizonPlanning = 4,
}

public static class CapabilityNames
{
    public const int Count = 5;

    public static string Name(Capability c) => c switch
    {
        Capability.AgenticToolUse => "agentic_tool_use",
        Capability.Coding => "coding",
        Capability.ReasoningTrace => "reasoning_trace",
        Capability.LongHorizonPlanning => "long_horizon_planning",
        _ => "other",
    };
}
