using Moat.Detection.Features;

namespace Moat.Detection.Campaigns;

// The pairwise step of PlaybookClusterer, kept apart because it is the stage's hot loop
// (quadratic in its candidates: 305 million comparisons at incident scale, docs/performance.md).

/// <summary>
/// One candidate's matches with later candidates: all of them (for the union), the strongest
/// <see cref="LinksPerAccount"/> (for evidence links) and the summed cosine of the others.
/// </summary>
internal sealed class PlaybookMatches
{
    public const int LinksPerAccount = 32;
    public readonly List<int> All = [];
    public readonly List<(int Y, double Cosine, int Shared)> Strongest = [];
    public double DroppedWeight;

    public void Add(int y, double cosine, int shared)
    {
        All.Add(y);
        if (Strongest.Count < LinksPerAccount) { Strongest.Add((y, cosine, shared)); return; }
        int weakest = 0;
        for (int i = 1; i < Strongest.Count; i++) if (Strongest[i].Cosine < Strongest[weakest].Cosine) weakest = i;
        if (cosine <= Strongest[weakest].Cosine) { DroppedWeight += cosine; return; }
        DroppedWeight += Strongest[weakest].Cosine;
        Strongest[weakest] = (y, cosine, shared);
    }
}

/// <summary>An account's heavy-hitter templates that are playbook templates, with their counts.</summary>
internal readonly record struct PlaybookVector(int[] Keys, double[] Counts, double Norm2)
{
    public static PlaybookVector Of(AccountBehaviour a, bool[] playbook)
    {
        int n = 0;
        for (int i = 0; i < a.Templates.Count; i++) if (playbook[a.Templates.Key(i)]) n++;
        var keys = new int[n];
        var counts = new double[n];
        double norm2 = 0;
        n = 0;
        for (int i = 0; i < a.Templates.Count; i++)
        {
            if (!playbook[a.Templates.Key(i)]) continue;
            keys[n] = a.Templates.Key(i);
            counts[n] = a.Templates.CountOf(i);
            norm2 += counts[n] * counts[n];
            n++;
        }
        return new PlaybookVector(keys, counts, norm2);
    }

    /// <summary>Cosine of the two playbook-template count vectors, and how many templates they share.</summary>
    public static double Cosine(in PlaybookVector a, in PlaybookVector b, out int shared)
    {
        double dot = 0;
        shared = 0;
        for (int i = 0; i < a.Keys.Length; i++)
        {
            for (int j = 0; j < b.Keys.Length; j++)
            {
                if (a.Keys[i] != b.Keys[j]) continue;
                dot += a.Counts[i] * b.Counts[j];
                shared++;
            }
        }
        return a.Norm2 == 0 || b.Norm2 == 0 ? 0 : dot / Math.Sqrt(a.Norm2 * b.Norm2);
    }
}
