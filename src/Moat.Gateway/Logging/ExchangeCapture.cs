using Moat.Gateway.Proxy;

namespace Moat.Gateway.Logging;

/// <summary>
/// What the request path hands to the log: metadata and raw bodies. Turning the bodies into a
/// contract <see cref="Moat.Contract.Records.Exchange"/> happens off the request path.
/// </summary>
public sealed class ExchangeCapture : IDisposable
{
    public required DateTime Ts { get; init; }
    public required string AccountId { get; init; }
    public string? ApiKeyId { get; init; }
    public string? Ip { get; init; }
    public string? UserAgent { get; init; }
    public string? TlsFingerprint { get; init; }
    public required string Endpoint { get; init; }
    public required Provider Provider { get; init; }
    public required CaptureBuffer Request { get; init; }
    public CaptureBuffer? Response { get; set; }
    public bool ResponseIsEventStream { get; set; }
    public int Status { get; set; }
    public int LatencyMs { get; set; }

    public void Dispose()
    {
        Request.Dispose();
        Response?.Dispose();
    }
}
