namespace Moat.Detection.Features;

/// <summary>
/// A rough UTC offset for a claimed country (its main population centre), enough to tell whether
/// an account's traffic follows a human day there. Unknown countries give no rhythm signal.
/// </summary>
public static class ClaimedTimeZone
{
    private static readonly Dictionary<string, double> Offsets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["US"] = -6, ["CA"] = -5, ["MX"] = -6, ["BR"] = -3, ["AR"] = -3, ["CO"] = -5, ["CL"] = -4, ["PE"] = -5,
        ["GB"] = 0, ["IE"] = 0, ["PT"] = 0, ["IS"] = 0, ["DE"] = 1, ["FR"] = 1, ["ES"] = 1, ["IT"] = 1, ["NL"] = 1,
        ["BE"] = 1, ["CH"] = 1, ["AT"] = 1, ["SE"] = 1, ["NO"] = 1, ["DK"] = 1, ["PL"] = 1, ["CZ"] = 1, ["NG"] = 1,
        ["FI"] = 2, ["GR"] = 2, ["RO"] = 2, ["UA"] = 2, ["IL"] = 2, ["EG"] = 2, ["ZA"] = 2, ["KE"] = 3, ["TR"] = 3,
        ["RU"] = 3, ["SA"] = 3, ["AE"] = 4, ["PK"] = 5, ["IN"] = 5.5, ["BD"] = 6, ["TH"] = 7, ["VN"] = 7, ["ID"] = 7,
        ["CN"] = 8, ["HK"] = 8, ["TW"] = 8, ["SG"] = 8, ["MY"] = 8, ["PH"] = 8, ["JP"] = 9, ["KR"] = 9, ["AU"] = 10,
        ["NZ"] = 12,
    };

    public static bool TryOffset(string? country, out double hours)
    {
        hours = 0;
        return country is not null && Offsets.TryGetValue(country, out hours);
    }

    /// <summary>Share of <paramref name="utcHours"/> that falls between 01:00 and 06:00 local time.</summary>
    public static double NightShare(ReadOnlySpan<int> utcHours, double offset)
    {
        long total = 0, night = 0;
        for (int h = 0; h < 24; h++)
        {
            total += utcHours[h];
            int local = (int)Math.Floor(((h + offset) % 24 + 24) % 24);
            if (local is >= 1 and < 6) night += utcHours[h];
        }
        return total == 0 ? 0 : night / (double)total;
    }
}
