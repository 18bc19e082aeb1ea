using System.Net;
using Microsoft.AspNetCore.Http;
using Moat.Gateway.Proxy;

namespace Moat.Gateway.Tests;

public sealed class ClientAddressTests
{
    private static string? Resolve(string peer, string? forwardedFor, params string[] trusted)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
        if (forwardedFor is not null) context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        return new ClientAddress([.. trusted.Select(IPNetwork.Parse)]).Resolve(context);
    }

    [Fact]
    public void Forwarded_for_is_ignored_from_untrusted_peers() =>
        Assert.Equal("198.51.100.7", Resolve("198.51.100.7", "1.2.3.4"));

    [Fact]
    public void Trusted_proxy_forwards_the_client_address() =>
        Assert.Equal("203.0.113.5", Resolve("10.0.0.2", "203.0.113.5", "10.0.0.0/8"));

    [Fact]
    public void A_spoofed_entry_left_of_the_real_client_is_not_believed() =>
        // The client wrote 6.6.6.6 itself; the trusted balancer appended the address it saw.
        Assert.Equal("203.0.113.5", Resolve("10.0.0.2", "6.6.6.6, 203.0.113.5", "10.0.0.0/8"));

    [Fact]
    public void Chains_of_trusted_proxies_are_walked_from_the_right() =>
        Assert.Equal("203.0.113.5", Resolve("10.0.0.2", "203.0.113.5, 10.1.1.1", "10.0.0.0/8"));

    [Fact]
    public void Ipv4_mapped_peers_are_reported_as_ipv4() =>
        Assert.Equal("192.0.2.1", Resolve("::ffff:192.0.2.1", null));
}
