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
/// references to strings that repeat across exchanges (interned by the reader, so no new string per
/// exchange). The prompt text itself is needed only for a few examples per account, so the batch
/// reader leaves <see cref="Prompt"/> null and points <see cref="PromptJson"/> at the line instead.
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
    /// <summary>The prompt as text, when the producer had it as a string (see <see cref="PromptText"/>).</summary>
    public string? Prompt;
    /// <summary>
    /// The prompt as its JSON string token (quotes included) inside the batch being read; valid only
    /// while the batch callback runs.
    /// </summary>
    public ReadOnlyMemory<byte> PromptJson;
    public TemplateBands Bands;
    public Capability Capability;
    public ExchangeFlags Flags;
    public int InputTokens;
    public int OutputTokens;

    /// <summary>The prompt text, decoded from <see cref="PromptJson"/> when only that is set.</summary>
    public readonly string PromptText()
    {
        if (Prompt is not null) return Prompt;
        if (PromptJson.IsEmpty) return string.Empty;
        var r = new System.Text.Json.Utf8JsonReader(PromptJson.Span);
        r.Read();
        return r.GetString() ?? string.Empty;
    }
}
