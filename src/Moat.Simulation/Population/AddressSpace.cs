using Moat.Simulation.Randomness;

namespace Moat.Simulation.Population;

/// <summary>
/// Deterministic public-looking IPv4 addresses. Residential and datacenter addresses come from
/// different first-octet sets so that an ASN-style heuristic has something real to find.
/// </summary>
public static class AddressSpace
{
    private static readonly byte[] Residential = [24, 47, 50, 67, 71, 73, 76, 81, 86, 92, 95, 98, 109, 151, 174, 176, 178, 186, 188, 201, 217];
    private static readonly byte[] Datacenter = [3, 18, 34, 35, 44, 52, 104, 138, 143, 159, 165, 167];
    private static readonly byte[] VpnExits = [45, 89, 146, 185, 193, 194];

    public static string ResidentialAddress(ref SimRandom rng) =>
        Format(rng.Pick(Residential), rng.Next(256), rng.Next(256), rng.Next(1, 255));

    public static string DatacenterAddress(ref SimRandom rng) =>
        Format(rng.Pick(Datacenter), rng.Next(256), rng.Next(256), rng.Next(1, 255));

    public static string VpnExitAddress(ref SimRandom rng) =>
        Format(rng.Pick(VpnExits), rng.Next(256), rng.Next(256), rng.Next(1, 255));

    /// <summary>A neighbour of <paramref name="address"/> in the same /16 (a mobile or DHCP re-assignment).</summary>
    public static string Neighbour(string address, ref SimRandom rng)
    {
        int second = address.IndexOf('.', address.IndexOf('.') + 1);
        return string.Concat(address.AsSpan(0, second + 1), $"{rng.Next(256)}.{rng.Next(1, 255)}");
    }

    private static string Format(int a, int b, int c, int d) => $"{a}.{b}.{c}.{d}";
}
