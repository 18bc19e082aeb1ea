namespace Moat.Ingest.Mapping;

/// <summary>
/// Reasoning tokens from reasoning text when the provider does not count them (Anthropic reports
/// thinking inside <c>output_tokens</c>): about four characters per token, never more than the
/// output the provider billed.
/// </summary>
public static class ReasoningEstimate
{
    public const int CharsPerToken = 4;

    public static int? FromChars(long reasoningChars, int? outputTokens)
    {
        if (reasoningChars <= 0) return null;
        long tokens = (reasoningChars + CharsPerToken - 1) / CharsPerToken;
        if (outputTokens is { } output && tokens > output) tokens = output;
        return (int)Math.Min(tokens, int.MaxValue);
    }
}
