using Moat.Gateway.Decisions;
using Moat.Gateway.Proxy;

namespace Moat.Gateway.Metrics;

/// <summary>The gateway's counters, each a plain interlocked long: cheap enough for every request.</summary>
public sealed class GatewayMetrics
{
    private static readonly RouteKind[] RouteKinds = Enum.GetValues<RouteKind>();

    private readonly long[] _requests = new long[RouteKinds.Length];
    private readonly long[] _decisions = new long[GatewayActions.All.Length];
    // Responses by status class 1xx..5xx, index 0 for anything else (e.g. the client went away).
    private readonly long[] _responses = new long[6];
    private long _unauthorized, _upstreamErrors, _clientAborts, _degradedResponses;

    public LatencyHistogram UpstreamLatency { get; } = new();

    /// <summary>Sub-millisecond buckets: the gateway's own share of a request is a fraction of a millisecond.</summary>
    public static readonly double[] OverheadBounds = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

    /// <summary>
    /// Time the gateway itself spends on a request with a non-streaming response: from the request
    /// body read to the upstream send, plus from the upstream's response headers to the end of the
    /// relay. Waiting for the client's body and for the upstream's answer is not counted.
    /// </summary>
    public LatencyHistogram Overhead { get; } = new(OverheadBounds);

    public void Request(RouteKind route) => Interlocked.Increment(ref _requests[(int)route]);
    public void Decision(GatewayAction action) => Interlocked.Increment(ref _decisions[(int)action]);
    public void Response(int status) => Interlocked.Increment(ref _responses[status is >= 100 and < 600 ? status / 100 : 0]);
    public void Unauthorized() => Interlocked.Increment(ref _unauthorized);
    public void UpstreamError() => Interlocked.Increment(ref _upstreamErrors);
    public void ClientAbort() => Interlocked.Increment(ref _clientAborts);
    public void Degraded() => Interlocked.Increment(ref _degradedResponses);

    public long Requests(RouteKind route) => Interlocked.Read(ref _requests[(int)route]);
    public long Decisions(GatewayAction action) => Interlocked.Read(ref _decisions[(int)action]);
    public long Responses(int statusClass) => Interlocked.Read(ref _responses[statusClass]);
    public long UnauthorizedCount => Interlocked.Read(ref _unauthorized);
    public long UpstreamErrors => Interlocked.Read(ref _upstreamErrors);
    public long ClientAborts => Interlocked.Read(ref _clientAborts);
    public long DegradedResponses => Interlocked.Read(ref _degradedResponses);

    public static IReadOnlyList<RouteKind> Routes => RouteKinds;
}
