namespace Moat.Detection.Features;

[Flags]
public enum ExchangeFlags : ushort
{
    None = 0,
    /// <summary>The prompt asks for step-by-step reasoning or an explanation of the thinking.</summary>
    ChainOfThought = 1 << 0,
    /// <summary>The prompt asks to grade, score, rank or judge (rubric / reward-model style).</summary>
    Grading = 1 << 1,
    /// <summary>request.reasoning was true or reasoning tokens were returned.</summary>
    ReasoningRequested = 1 << 2,
    /// <summary>Earlier assistant turns were sent: part of a conversation, not a single shot.</summary>
    Conversational = 1 << 3,
    /// <summary>Tool definitions were sent.</summary>
    Tools = 1 << 4,
    /// <summary>The response was an error (status ≥ 400).</summary>
    Failed = 1 << 5,
    /// <summary>The prompt had no token to sketch.</summary>
    EmptyPrompt = 1 << 6,
}

/// <summary>
/// One exchange reduced to what detection keeps: a few numbers, the template's LSH bands, and
/// references to strings the parser already allocated (no new allocation per exchange).
/// </summary>
public struct ExchangeFeatures
{
    public string AccountId;
    public long Ticks;
    public string Model;
    public string? Ip;
    public string? UserAgent;
    public string? TlsFingerprint;
    public string? OrgId;
    public string Prompt;
    public TemplateBands Bands;
    public Capability Capability;
    public ExchangeFlags Flags;
    public int InputTokens;
    public int OutputTokens;
}
