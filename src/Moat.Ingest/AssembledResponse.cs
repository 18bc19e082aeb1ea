namespace Moat.Ingest;

/// <summary>
/// A provider response reduced to what the contract keeps, whether it came as one body or as a
/// stream of events.
/// </summary>
public readonly record struct AssembledResponse
{
    /// <summary>The provider's id (<c>chatcmpl-…</c>, <c>msg_…</c>), if any.</summary>
    public string? Id { get; init; }
    public string? Model { get; init; }
    /// <summary>Visible output: text, refusals, and tool calls rendered as <c>[tool_use name] {arguments}</c>.</summary>
    public string? Text { get; init; }
    public string? FinishReason { get; init; }
    public int? InputTokens { get; init; }
    public int? OutputTokens { get; init; }
    public int? ReasoningTokens { get; init; }
    /// <summary>The HTTP status an error body stands for; null when the body is not an error.</summary>
    public int? ErrorStatus { get; init; }
    /// <summary>True when the response was a stream of events.</summary>
    public bool Streamed { get; init; }
}
