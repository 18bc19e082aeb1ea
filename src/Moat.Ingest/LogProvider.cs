namespace Moat.Ingest;

/// <summary>Which provider API a logged request/response pair speaks.</summary>
public enum LogProvider
{
    /// <summary>Decide per line from the shape of the request and response.</summary>
    Auto,
    /// <summary>OpenAI Chat Completions (<c>/v1/chat/completions</c>).</summary>
    OpenAi,
    /// <summary>Anthropic Messages (<c>/v1/messages</c>).</summary>
    Anthropic,
}

public static class LogProviders
{
    public const string OpenAiEndpoint = "/v1/chat/completions";
    public const string AnthropicEndpoint = "/v1/messages";

    public static string Endpoint(LogProvider provider) => provider switch
    {
        LogProvider.OpenAi => OpenAiEndpoint,
        LogProvider.Anthropic => AnthropicEndpoint,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "a concrete provider is needed"),
    };

    /// <summary>Parses <c>openai</c>, <c>anthropic</c> or <c>auto</c> (case-insensitive).</summary>
    public static bool TryParse(string? text, out LogProvider provider)
    {
        provider = LogProvider.Auto;
        if (string.Equals(text, "auto", StringComparison.OrdinalIgnoreCase)) return true;
        if (string.Equals(text, "openai", StringComparison.OrdinalIgnoreCase)) { provider = LogProvider.OpenAi; return true; }
        if (string.Equals(text, "anthropic", StringComparison.OrdinalIgnoreCase)) { provider = LogProvider.Anthropic; return true; }
        return false;
    }
}
