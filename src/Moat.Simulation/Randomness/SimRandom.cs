namespace Moat.Simulation.Randomness;

/// <summary>
/// A small deterministic generator (SplitMix64). Every stream is derived from the seed and a
/// stable key (day, account, chunk), never from shared state, so the output does not depend
/// on thread scheduling or on the order in which streams are consumed.
/// </summary>
public struct SimRandom
{
    private ulong _state;

    public SimRandom(ulong seed) => _state = seed;

    /// <summary>A stream for <paramref name="seed"/> and up to three keys, independent of other keys.</summary>
    public static SimRandom For(long seed, long a, long b = 0, long c = 0)
    {
        ulong s = Mix((ulong)seed ^ 0x9E3779B97F4A7C15UL);
        s = Mix(s ^ (ulong)a);
        s = Mix(s + 0x632BE59BD9B4E019UL ^ (ulong)b);
        s = Mix(s + 0x85EBCA77C2B2AE63UL ^ (ulong)c);
        return new SimRandom(s);
    }

    /// <summary>A stable 64-bit hash of a string (FNV-1a then mixed); string.GetHashCode is randomised per process.</summary>
    public static long Hash(string text)
    {
        ulong h = 14695981039346656037UL;
        foreach (char ch in text)
        {
            h ^= ch;
            h *= 1099511628211UL;
        }
        return (long)Mix(h);
    }

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextULong()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, <paramref name="max"/>).</summary>
    public int Next(int max) => max <= 1 ? 0 : (int)((NextULong() >> 33) % (ulong)max);

    /// <summary>Uniform in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public int Next(int min, int max) => min + Next(max - min);

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>Standard normal (Box–Muller, one value per call for simplicity).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    public double LogNormal(double mu, double sigma) => Math.Exp(mu + sigma * NextGaussian());

    /// <summary>Exponential with the given mean.</summary>
    public double Exponential(double mean) => -mean * Math.Log(1.0 - NextDouble());

    /// <summary>Poisson count; normal approximation above 60 keeps large means cheap.</summary>
    public int Poisson(double mean)
    {
        if (mean <= 0) return 0;
        if (mean > 60)
        {
            double v = mean + Math.Sqrt(mean) * NextGaussian();
            return v < 0 ? 0 : (int)Math.Round(v);
        }
        double l = Math.Exp(-mean), p = 1.0;
        int k = 0;
        do
        {
            k++;
            p *= NextDouble();
        } while (p > l);
        return k - 1;
    }

    /// <summary>Pareto-distributed value ≥ <paramref name="min"/> with tail index <paramref name="alpha"/> (heavy tail).</summary>
    public double Pareto(double min, double alpha) => min / Math.Pow(1.0 - NextDouble(), 1.0 / alpha);
}
