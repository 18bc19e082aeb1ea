using System.Runtime.CompilerServices;

namespace Moat.Detection.Features;

/// <summary>The LSH band keys of one prompt's MinHash sketch.</summary>
[InlineArray(TemplateSketch.Bands)]
public struct TemplateBands
{
    private uint _element;
}

/// <summary>
/// MinHash sketches of a normalised prompt's scaffold, cut into LSH bands. A distillation template
/// is an instruction wrapped around varying content ("Solve step by step…\n\n&lt;question&gt;",
/// "&lt;question&gt;\n\nReturn only code…"), so two segments are sketched: the head (the first line,
/// at most <see cref="SegmentTokens"/> tokens) and the tail (the last line, same cap). Each is a
/// one-permutation MinHash over word unigrams and bigrams (one hash per shingle) with
/// <see cref="BandsPerSegment"/> bands of <see cref="Rows"/> rows. The same template with different
/// slot values gives identical bands; a light paraphrase (Jaccard 0.6) shares a band 83% of the
/// time, unrelated lines (Jaccard 0.2) 15%, and a bucket only becomes a template with support.
/// </summary>
public static class TemplateSketch
{
    public const int SegmentTokens = 12;
    public const int BandsPerSegment = 4;
    public const int Rows = 2;
    public const int Bands = 2 * BandsPerSegment;
    private const int Size = BandsPerSegment * Rows;

    /// <summary>Computes the band keys of a whole token sequence treated as one line.</summary>
    public static void Compute(ReadOnlySpan<ulong> tokens, ref TemplateBands bands) =>
        Compute(tokens, tokens.Length, 0, ref bands);

    /// <summary>Computes head and tail band keys; all zero when there is no token.</summary>
    public static void Compute(ReadOnlySpan<ulong> tokens, int firstLine, int lastLineStart, ref TemplateBands bands)
    {
        if (tokens.Length == 0)
        {
            for (int b = 0; b < Bands; b++) bands[b] = 0;
            return;
        }
        int headEnd = Math.Clamp(firstLine, 1, Math.Min(tokens.Length, SegmentTokens));
        int tailStart = Math.Max(lastLineStart, tokens.Length - SegmentTokens);
        if (tailStart >= tokens.Length) tailStart = Math.Max(0, tokens.Length - SegmentTokens);
        Segment(tokens[..headEnd], 0, ref bands);
        Segment(tokens[tailStart..], BandsPerSegment, ref bands);
    }

    private static void Segment(ReadOnlySpan<ulong> tokens, int firstBand, ref TemplateBands bands)
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
        // Densify empty bins from the next filled one (rotation), so short lines still have full bands.
        for (int j = 0; j < Size; j++)
        {
            if (mins[j] != ulong.MaxValue) continue;
            for (int step = 1; step < Size; step++)
            {
                ulong v = mins[(j + step) % Size];
                if (v != ulong.MaxValue) { mins[j] = Mix(v + (ulong)step); break; }
            }
        }
        for (int b = 0; b < BandsPerSegment; b++)
        {
            ulong h = (ulong)(firstBand + b) + 1;
            for (int r = 0; r < Rows; r++) h = Mix(h ^ mins[b * Rows + r]);
            uint key = (uint)(h ^ (h >> 32));
            bands[firstBand + b] = key == 0 ? 1u : key;
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
