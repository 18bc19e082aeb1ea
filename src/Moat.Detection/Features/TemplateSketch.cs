using System.Runtime.CompilerServices;

namespace Moat.Detection.Features;

/// <summary>The LSH band keys of one prompt's MinHash sketch.</summary>
[InlineArray(TemplateSketch.Bands)]
public struct TemplateBands
{
    private uint _element;
}

/// <summary>
/// A MinHash sketch of a normalised prompt (one-permutation hashing over word unigrams and bigrams,
/// so one hash per shingle, not one per shingle and row) cut into LSH bands. Two prompts of the
/// same template with different slot values have identical bands; a light paraphrase keeps most
/// shingles and therefore shares at least one band with high probability (Jaccard 0.7 → 92%,
/// unrelated prompts at Jaccard 0.2 → 5%).
/// </summary>
public static class TemplateSketch
{
    public const int Bands = 6;
    public const int Rows = 3;
    public const int Size = Bands * Rows;

    /// <summary>Computes the band keys of <paramref name="tokens"/>; all zero when there is no token.</summary>
    public static void Compute(ReadOnlySpan<ulong> tokens, ref TemplateBands bands)
    {
        Span<ulong> mins = stackalloc ulong[Size];
        mins.Fill(ulong.MaxValue);
        ulong previous = 0x5851F42D4C957F2DUL;
        for (int i = 0; i < tokens.Length; i++)
        {
            Add(mins, Mix(tokens[i]));
            Add(mins, Mix(previous * 31 + tokens[i]));
            previous = tokens[i];
        }
        if (tokens.Length == 0)
        {
            for (int b = 0; b < Bands; b++) bands[b] = 0;
            return;
        }
        // Densify empty bins from the next filled one (rotation), so short prompts still have full bands.
        for (int j = 0; j < Size; j++)
        {
            if (mins[j] != ulong.MaxValue) continue;
            for (int step = 1; step < Size; step++)
            {
                ulong v = mins[(j + step) % Size];
                if (v != ulong.MaxValue) { mins[j] = Mix(v + (ulong)step); break; }
            }
        }
        for (int b = 0; b < Bands; b++)
        {
            ulong h = (ulong)b + 1;
            for (int r = 0; r < Rows; r++) h = Mix(h ^ mins[b * Rows + r]);
            uint key = (uint)(h ^ (h >> 32));
            bands[b] = key == 0 ? 1u : key;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(Span<ulong> mins, ulong h)
    {
        int bin = (int)((h >> 40) % Size);
        if (h < mins[bin]) mins[bin] = h;
    }

    /// <summary>SplitMix64 finaliser: cheap, well-mixed, stable across runs and machines.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong x)
    {
        x ^= x >> 30; x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27; x *= 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    /// <summary>Estimated Jaccard similarity: the share of equal bands (a coarse but allocation-free check).</summary>
    public static double BandAgreement(in TemplateBands a, in TemplateBands b)
    {
        int same = 0;
        for (int i = 0; i < Bands; i++) if (a[i] == b[i] && a[i] != 0) same++;
        return same / (double)Bands;
    }
}
