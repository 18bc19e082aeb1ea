namespace Moat.Detection.Linking;

/// <summary>
/// How much sharing something says about two accounts, given how many accounts share it: two
/// accounts on one IP is telling, two hundred strangers behind a university NAT or a VPN exit is not.
/// </summary>
public static class Rarity
{
    /// <summary>1 for a pair, falling with the log of the group size, 0 at <paramref name="maxGroup"/>.</summary>
    public static double Of(int sharers, int maxGroup)
    {
        if (sharers < 2 || sharers >= maxGroup) return 0;
        return Math.Clamp(1 - Math.Log(sharers - 1) / Math.Log(maxGroup - 1), 0, 1);
    }
}
