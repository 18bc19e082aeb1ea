using System.Net;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Moat.Gateway.Proxy;

/// <summary>
/// The client's IP: the connection's peer, unless that peer is a configured trusted proxy, in which
/// case X-Forwarded-For is read from the right, skipping trusted hops; the first untrusted address is
/// the client. Anything a client writes into the header itself sits left of that and is ignored.
/// </summary>
public sealed class ClientAddress(IReadOnlyList<IPNetwork> trustedProxies)
{
    private static readonly object PeerTextKey = new();

    public string? Resolve(HttpContext context)
    {
        var peer = context.Connection.RemoteIpAddress;
        if (peer is null) return null;
        if (peer.IsIPv4MappedToIPv6) peer = peer.MapToIPv4();
        if (trustedProxies.Count == 0 || !IsTrusted(peer)) return PeerText(context, peer);

        var forwarded = context.Request.Headers["X-Forwarded-For"];
        IPAddress client = peer;
        for (int v = forwarded.Count - 1; v >= 0; v--)
        {
            var parts = (forwarded[v] ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            for (int i = parts.Length - 1; i >= 0; i--)
            {
                if (!IPAddress.TryParse(parts[i], out var hop)) return client.ToString();
                if (hop.IsIPv4MappedToIPv6) hop = hop.MapToIPv4();
                client = hop;
                if (!IsTrusted(hop)) return hop.ToString();
            }
        }
        return client.ToString();
    }

    /// <summary>
    /// The peer's address as text, formatted once per connection (kept in the connection's items) rather
    /// than on every request of a keep-alive connection.
    /// </summary>
    private static string PeerText(HttpContext context, IPAddress peer)
    {
        var items = context.Features.Get<IConnectionItemsFeature>()?.Items;
        if (items is null) return peer.ToString();
        if (items.TryGetValue(PeerTextKey, out var cached) && cached is string text) return text;
        text = peer.ToString();
        items[PeerTextKey] = text;
        return text;
    }

    /// <summary>Whether the connection's peer is a trusted proxy, whose forwarding headers are believed.</summary>
    public bool IsFromTrustedProxy(HttpContext context)
    {
        if (trustedProxies.Count == 0 || context.Connection.RemoteIpAddress is not { } peer) return false;
        return IsTrusted(peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer);
    }

    private bool IsTrusted(IPAddress address)
    {
        foreach (var network in trustedProxies)
        {
            if (network.Contains(address)) return true;
        }
        return false;
    }
}
