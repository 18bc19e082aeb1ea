namespace Moat.Ingest.Anthropic;

/// <summary>
/// Anthropic's <c>input_tokens</c> excludes prompt-cache reads and writes, while OpenAI's
/// <c>prompt_tokens</c> includes cached tokens; the contract's <c>input_tokens</c> is the whole prompt
/// either way, so the three Anthropic counts are added.
/// </summary>
internal static class AnthropicUsage
{
    public static int? TotalInput(int? input, int? cacheCreation, int? cacheRead)
    {
        if (input is null && cacheCreation is null && cacheRead is null) return null;
        return (input ?? 0) + (cacheCreation ?? 0) + (cacheRead ?? 0);
    }
}
