using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Moat.Gateway.Proxy;

/// <summary>Which headers cross the gateway (RFC 9110 §7.6.1: hop-by-hop headers never do).</summary>
public static class HeaderForwarding
{
    private static readonly FrozenSet<string> HopByHop = FrozenSet.ToFrozenSet(
    [
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization",
        "TE", "Trailer", "Transfer-Encoding", "Upgrade",
    ], StringComparer.OrdinalIgnoreCase);

    // The client's credentials are replaced by the upstream key; Host and length are the new message's own.
    private static readonly FrozenSet<string> NotForwardedUpstream = FrozenSet.ToFrozenSet(
    [
        "Host", "Authorization", "x-api-key", "Content-Length", "Expect", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "Forwarded",
    ], StringComparer.OrdinalIgnoreCase);

    public static bool IsHopByHop(string name) => HopByHop.Contains(name);

    /// <summary>True for request headers that must not be copied to the upstream request.</summary>
    public static bool SkipUpstream(string name, StringValues connectionHeader) =>
        HopByHop.Contains(name) || NotForwardedUpstream.Contains(name) || ListedIn(connectionHeader, name);

    /// <summary>Headers named in <c>Connection</c> are hop-by-hop too (RFC 9110 §7.6.1).</summary>
    public static bool ListedIn(StringValues connection, string name)
    {
        if (StringValues.IsNullOrEmpty(connection)) return false;
        foreach (var value in connection)
        {
            if (value is null) continue;
            foreach (var range in value.AsSpan().Split(','))
            {
                if (value.AsSpan()[range].Trim().Equals(name, StringComparison.OrdinalIgnoreCase)) return true;
            }
        }
        return false;
    }

    /// <summary>The client's API key: <c>Authorization: Bearer</c> (OpenAI) or <c>x-api-key</c> (Anthropic).</summary>
    /// <remarks>A slice of the header's own string (empty when there is no key): nothing is copied per request.</remarks>
    public static ReadOnlySpan<char> ClientKey(IHeaderDictionary headers, out bool anthropicStyle)
    {
        anthropicStyle = false;
        var apiKey = headers["x-api-key"];
        if (!StringValues.IsNullOrEmpty(apiKey)) { anthropicStyle = true; return apiKey.ToString().AsSpan().Trim(); }
        var auth = headers.Authorization;
        if (auth.Count != 1) return default;
        var value = auth[0].AsSpan();
        if (value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return value[7..].Trim();
        return default;
    }
}
