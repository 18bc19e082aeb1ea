using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Moat.Gateway;

/// <summary>Everything <c>moat serve</c> can be told; defaults suit a single machine.</summary>
public sealed record GatewayOptions
{
    /// <summary>Base URL of the OpenAI- or Anthropic-compatible API the gateway protects.</summary>
    public required Uri Upstream { get; init; }

    /// <summary>The provider key sent upstream in place of the client's key; null forwards no key.</summary>
    public string? UpstreamKey { get; init; }

    /// <summary>Keys file (CSV) or SQLite database mapping client API keys to accounts.</summary>
    public required string KeysPath { get; init; }

    /// <summary>Account registry (<c>accounts.jsonl</c>) used by regrowth prevention; reloaded on change.</summary>
    public string? AccountsPath { get; init; }

    /// <summary>A scan's <c>enforcement.csv</c>; reloaded on change.</summary>
    public string? EnforcementPath { get; init; }

    /// <summary>A scan's <c>campaigns.json</c>, whose templates feed online matching; reloaded on change.</summary>
    public string? CampaignsPath { get; init; }

    /// <summary>
    /// SQLite file keeping admin and online decisions across restarts; null keeps them in memory only.
    /// The CLI defaults it to <c>decisions.db</c> in the log directory.
    /// </summary>
    public string? DecisionsPath { get; init; }

    /// <summary>Directory of the exchange log; null disables logging.</summary>
    public string? LogDirectory { get; init; }

    public IPAddress ListenAddress { get; init; } = IPAddress.Loopback;

    /// <summary>Proxy port; 0 picks a free one.</summary>
    public int Port { get; init; } = 8080;

    /// <summary>Admin API port; 0 picks a free one, -1 disables the admin API.</summary>
    public int AdminPort { get; init; } = 8081;

    /// <summary>Bearer token of the admin API; null leaves only /healthz and /metrics reachable there.</summary>
    public string? AdminToken { get; init; }

    /// <summary>
    /// Certificate (with private key) to serve the proxy port over HTTPS; null serves plain HTTP. When
    /// set, each connection's ClientHello is fingerprinted (JA4) into the exchanges' <c>tls_fingerprint</c>.
    /// </summary>
    public X509Certificate2? TlsCertificate { get; init; }

    /// <summary>
    /// Header carrying the client's TLS fingerprint set by a TLS-terminating proxy in front of the
    /// gateway (e.g. <c>X-JA4</c>); read only from <see cref="TrustedProxies"/>.
    /// </summary>
    public string? TlsFingerprintHeader { get; init; }

    /// <summary>Peers whose X-Forwarded-For is believed; the client IP is otherwise the connection's.</summary>
    public IReadOnlyList<IPNetwork> TrustedProxies { get; init; } = [];

    /// <summary>Path prefixes forwarded as they are (after the key check and decisions), besides the three named routes.</summary>
    public IReadOnlyList<string> PassThroughPrefixes { get; init; } = ["/v1/"];

    public long MaxRequestBodyBytes { get; init; } = 16 << 20;

    /// <summary>
    /// Runs the proxy's request code on the socket threads instead of dispatching each continuation to
    /// the thread pool (Kestrel's <c>UnsafePreferInlineScheduling</c>; <c>moat serve --inline-io</c> also
    /// sets the process-wide <see cref="InlineSocketCompletionsVariable"/> for the upstream calls): fewer
    /// thread hops per request. Acceptable here because nothing on the request
    /// path blocks (log, decisions store and template matching are off it), but a long CPU-bound step
    /// (degrading a multi-MB body) then delays other connections. Off by default (docs/gateway.md).
    /// </summary>
    public bool PreferInlineScheduling { get; init; }

    /// <summary>
    /// Environment variable the runtime reads once, when the process first uses a socket, to complete
    /// socket operations inline; only the process owner (the CLI) can set it in time.
    /// </summary>
    public const string InlineSocketCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>How often watched files (keys, accounts, enforcement, campaigns) are checked for changes.</summary>
    public TimeSpan ReloadInterval { get; init; } = TimeSpan.FromSeconds(2);

    public ThrottleOptions Throttle { get; init; } = new();
    public ExchangeLogOptions Log { get; init; } = new();
    public OnlineScoringOptions Scoring { get; init; } = new();
}

/// <summary>The token bucket each throttled account gets.</summary>
public sealed class ThrottleOptions
{
    /// <summary>Requests allowed per <see cref="Period"/> once the burst is used.</summary>
    public int TokensPerPeriod { get; init; } = 1;
    public TimeSpan Period { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Bucket size: requests a throttled account may send at once.</summary>
    public int Burst { get; init; } = 3;
}

public sealed class ExchangeLogOptions
{
    /// <summary>Exchanges waiting to be written; when full, new ones are dropped and counted.</summary>
    public int QueueCapacity { get; init; } = 10_000;
    public long RotateBytes { get; init; } = 256L << 20;
    public TimeSpan RotateInterval { get; init; } = TimeSpan.FromHours(1);
    public bool Gzip { get; init; }
    /// <summary>
    /// After writing what was queued, the writer waits this long before looking again, so that under
    /// load it wakes once per batch instead of once per exchange: a request then never pays for waking
    /// it, and on a 2-core machine the mapping work does not compete with the response still being
    /// sent. Zero wakes it for every exchange.
    /// </summary>
    public TimeSpan WriterLinger { get; init; } = TimeSpan.FromMilliseconds(5);
    /// <summary>Bytes of each request and response kept for the log; longer bodies are logged truncated.</summary>
    public int MaxCaptureBytes { get; init; } = 4 << 20;
}

/// <summary>Thresholds of the light per-account state kept online.</summary>
public sealed class OnlineScoringOptions
{
    /// <summary>Requests in one minute that raise an account to <c>review</c>.</summary>
    public int ReviewRequestsPerMinute { get; init; } = 300;
    /// <summary>Requests in one minute that raise an account to <c>throttle</c>.</summary>
    public int ThrottleRequestsPerMinute { get; init; } = 1_200;
    /// <summary>Prompts matching a known campaign template that raise an account to <c>throttle</c>.</summary>
    public int TemplateMatchesToThrottle { get; init; } = 20;
    /// <summary>Prompts matching a known campaign template that raise an account to <c>review</c>.</summary>
    public int TemplateMatchesToReview { get; init; } = 5;
}
