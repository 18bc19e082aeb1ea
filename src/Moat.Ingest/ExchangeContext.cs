namespace Moat.Ingest;

/// <summary>
/// What the gateway knows about an exchange besides the two bodies: who sent it, when, and how it
/// ended at the HTTP level. <see cref="Status"/> and <see cref="LatencyMs"/> override what the
/// response body implies.
/// </summary>
public readonly record struct ExchangeContext
{
    /// <summary>The exchange id; when null the provider's response id is used, then <see cref="FallbackId"/>.</summary>
    public string? Id { get; init; }
    /// <summary>Used when neither <see cref="Id"/> nor a response id exists (e.g. a stable hash of the log line).</summary>
    public string? FallbackId { get; init; }
    public required DateTime Ts { get; init; }
    public required string AccountId { get; init; }
    public string? OrgId { get; init; }
    public string? ApiKeyId { get; init; }
    public string? Ip { get; init; }
    public string? UserAgent { get; init; }
    public string? TlsFingerprint { get; init; }
    /// <summary>The path the client called; defaults to the provider's documented endpoint.</summary>
    public string? Endpoint { get; init; }
    /// <summary>HTTP status sent to the client; defaults to the error body's status, else 200.</summary>
    public int? Status { get; init; }
    public int? LatencyMs { get; init; }
}
