using System.Net;
using System.Net.Sockets;

namespace Moat.Detection.Linking;

/// <summary>The network an address belongs to: its /24 for IPv4, its /48 for IPv6.</summary>
public static class IpPrefix
{
    public static string? Of(string? ip)
    {
        if (ip is null || !IPAddress.TryParse(ip, out var address)) return null;
        var bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork) return $"{bytes[0]}.{bytes[1]}.{bytes[2]}.0/24";
        if (address.IsIPv4MappedToIPv6)
        {
            var v4 = address.MapToIPv4().GetAddressBytes();
            return $"{v4[0]}.{v4[1]}.{v4[2]}.0/24";
        }
        return $"{bytes[0]:x2}{bytes[1]:x2}:{bytes[2]:x2}{bytes[3]:x2}:{bytes[4]:x2}{bytes[5]:x2}::/48";
    }
}
