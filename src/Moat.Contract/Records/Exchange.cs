namespace Moat.Contract.Records;

/// <summary>One API exchange: a request and its response (data contract §1).</summary>
public sealed record Exchange
{
    public required string Id { get; init; }
    /// <summary>When the request arrived, always UTC.</summary>
    public required DateTime Ts { get; init; }
    public required string AccountId { get; init; }
    public string? OrgId { get; init; }
    public string? ApiKeyId { get; init; }
    public string? Ip { get; init; }
    public string? UserAgent { get; init; }
    public string? TlsFingerprint { get; init; }
    public required string Endpoint { get; init; }
    public required string Model { get; init; }
    public required ExchangeRequest Request { get; init; }
    public required ExchangeResponse Response { get; init; }

    /// <summary>The prompt of this exchange: the last <c>user</c> message, or empty.</summary>
    public string Prompt
    {
        get
        {
            var messages = Request.Messages;
            for (int i = messages.Count - 1; i >= 0; i--)
            {
                if (messages[i].Role == ChatRoles.User) return messages[i].Content;
            }
            return string.Empty;
        }
    }
}

public static class ChatRoles
{
    public const string User = "user";
    public const string Assistant = "assistant";
    public const string Tool = "tool";
}

public readonly record struct ChatMessage(string Role, string Content);

public sealed record ExchangeRequest
{
    public string? System { get; init; }
    public required IReadOnlyList<ChatMessage> Messages { get; init; }
    public int? Tools { get; init; }
    public int? MaxTokens { get; init; }
    public double? Temperature { get; init; }
    public bool? Stream { get; init; }
    public bool? Reasoning { get; init; }

    // Records compare lists by reference; a round trip must compare messages by value.
    public bool Equals(ExchangeRequest? other) =>
        other is not null
        && System == other.System
        && Tools == other.Tools
        && MaxTokens == other.MaxTokens
        && Temperature == other.Temperature
        && Stream == other.Stream
        && Reasoning == other.Reasoning
        && Messages.SequenceEqual(other.Messages);

    public override int GetHashCode() => HashCode.Combine(System, Messages.Count, Tools, MaxTokens, Reasoning);
}

public sealed record ExchangeResponse
{
    public required int Status { get; init; }
    public string? Text { get; init; }
    public int? InputTokens { get; init; }
    public int? OutputTokens { get; init; }
    public int? ReasoningTokens { get; init; }
    public string? FinishReason { get; init; }
    public int? LatencyMs { get; init; }
}
