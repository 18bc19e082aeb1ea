using Moat.Simulation.Randomness;

namespace Moat.Simulation.Population;

/// <summary>
/// Countries accounts claim, with a standard UTC offset (no daylight saving: a one-hour error does
/// not change the shape of a day) and a language their users sometimes write in.
/// </summary>
public static class Geography
{
    public readonly record struct Country(string Code, int UtcOffsetMinutes, string Language, double Weight);

    // Weights roughly follow where API traffic comes from; US spans several zones.
    public static readonly IReadOnlyList<Country> Countries =
    [
        new("US", -300, "en", 0.16), new("US", -360, "en", 0.06), new("US", -480, "en", 0.08),
        new("GB", 0, "en", 0.06), new("DE", 60, "de", 0.06), new("FR", 60, "fr", 0.05),
        new("IN", 330, "en", 0.08), new("JP", 540, "ja", 0.05), new("BR", -180, "pt", 0.04),
        new("KR", 540, "ko", 0.03), new("CA", -300, "en", 0.04), new("AU", 600, "en", 0.02),
        new("NL", 60, "nl", 0.02), new("ES", 60, "es", 0.03), new("MX", -360, "es", 0.02),
        new("PL", 60, "pl", 0.02), new("SG", 480, "en", 0.02), new("ID", 420, "id", 0.02),
        new("VN", 420, "vi", 0.01), new("TR", 180, "tr", 0.02), new("IT", 60, "it", 0.03),
        new("SE", 60, "sv", 0.01), new("NG", 60, "en", 0.01), new("HK", 480, "zh", 0.01),
        new("MY", 480, "en", 0.01), new("TW", 480, "zh", 0.01),
    ];

    private static readonly double TotalWeight = Countries.Sum(c => c.Weight);

    public static Country PickOrganic(ref SimRandom rng)
    {
        double x = rng.NextDouble() * TotalWeight;
        foreach (var c in Countries)
        {
            x -= c.Weight;
            if (x < 0) return c;
        }
        return Countries[0];
    }

    /// <summary>The first entry for <paramref name="code"/>; unknown codes get UTC and English.</summary>
    public static Country ByCode(string code)
    {
        foreach (var c in Countries)
            if (c.Code == code) return c;
        return new Country(code, 0, "en", 0);
    }
}
