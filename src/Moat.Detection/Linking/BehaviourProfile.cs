using Moat.Detection.Features;

namespace Moat.Detection.Linking;

/// <summary>
/// A small vector of what an account does (capability mix, reasoning and grading shares, single-shot
/// share, template focus). Network links (a shared IP, a client fingerprint) count in proportion to
/// how alike two accounts behave, so strangers behind one NAT stay apart while a fleet stays together.
/// </summary>
public static class BehaviourProfile
{
    public const int Length = CapabilityNames.Count + 5;

    public static double[] Of(AccountBehaviour a)
    {
        var v = new double[Length];
        double n = Math.Max(1, a.Exchanges);
        for (int c = 0; c < CapabilityNames.Count; c++) v[c] = a.Capabilities[c] / n;
        v[CapabilityNames.Count] = a.ChainOfThought / n;
        v[CapabilityNames.Count + 1] = a.Grading / n;
        v[CapabilityNames.Count + 2] = a.Reasoning / n;
        v[CapabilityNames.Count + 3] = a.Tools / n;
        int top = a.Templates.Top();
        v[CapabilityNames.Count + 4] = top < 0 ? 0 : a.Templates.CountOf(top) / n;
        return v;
    }

    public static double Cosine(double[] x, double[] y)
    {
        double dot = 0, nx = 0, ny = 0;
        for (int i = 0; i < x.Length; i++) { dot += x[i] * y[i]; nx += x[i] * x[i]; ny += y[i] * y[i]; }
        return nx == 0 || ny == 0 ? 0 : dot / Math.Sqrt(nx * ny);
    }

    /// <summary>Share of the two accounts' heavy-hitter template traffic that goes to templates they share.</summary>
    public static double TemplateOverlap(AccountBehaviour a, AccountBehaviour b)
    {
        long shared = 0;
        for (int i = 0; i < a.Templates.Count; i++)
        {
            for (int j = 0; j < b.Templates.Count; j++)
            {
                if (a.Templates.Key(i) == b.Templates.Key(j)) shared += Math.Min(a.Templates.CountOf(i), b.Templates.CountOf(j));
            }
        }
        return shared / (double)Math.Max(1, Math.Min(a.Exchanges, b.Exchanges));
    }

    /// <summary>
    /// Jaccard of the hourly activity bitmaps beyond chance: loosely synchronised activity
    /// (SynchroTrap's idea). Two accounts that are both active most hours (two round-the-clock jobs)
    /// share most hours whatever they are; so the Jaccard expected from each account's activity
    /// density over the pair's span is taken out, (J − E) / (1 − E), and only the excess counts.
    /// </summary>
    public static double Synchrony(AccountBehaviour a, AccountBehaviour b, out int sharedHours, out double jaccard, out double chance)
    {
        int inter = 0, union = 0, countA = 0, countB = 0;
        for (int i = 0; i < a.ActiveHours.Length; i++)
        {
            inter += System.Numerics.BitOperations.PopCount(a.ActiveHours[i] & b.ActiveHours[i]);
            union += System.Numerics.BitOperations.PopCount(a.ActiveHours[i] | b.ActiveHours[i]);
            countA += System.Numerics.BitOperations.PopCount(a.ActiveHours[i]);
            countB += System.Numerics.BitOperations.PopCount(b.ActiveHours[i]);
        }
        sharedHours = inter;
        jaccard = chance = 0;
        if (union == 0) return 0;
        jaccard = inter / (double)union;
        long first = Math.Min(a.FirstTicks, b.FirstTicks), last = Math.Max(a.LastTicks, b.LastTicks);
        double hours = Math.Clamp((last - first) / (double)TimeSpan.TicksPerHour + 1, union, AccountBehaviour.ActivityHours);
        double pa = countA / hours, pb = countB / hours;
        chance = pa * pb / (pa + pb - pa * pb);
        return chance >= 1 ? 0 : Math.Max(0, (jaccard - chance) / (1 - chance));
    }
}
