namespace Moat.Gateway.Metrics;

/// <summary>A fixed-bucket histogram updated lock-free (Prometheus histogram semantics).</summary>
public sealed class LatencyHistogram
{
    /// <summary>Upper bounds in seconds; +Inf is implied.</summary>
    public static readonly double[] DefaultBounds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    private readonly long[] _counts;
    private long _count;
    private long _sumMicros;

    public LatencyHistogram(double[]? bounds = null)
    {
        Bounds = bounds ?? DefaultBounds;
        _counts = new long[Bounds.Length + 1];
    }

    public double[] Bounds { get; }

    public void Observe(double seconds)
    {
        int i = 0;
        while (i < Bounds.Length && seconds > Bounds[i]) i++;
        Interlocked.Increment(ref _counts[i]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sumMicros, (long)(seconds * 1e6));
    }

    public long Count => Interlocked.Read(ref _count);
    public double Sum => Interlocked.Read(ref _sumMicros) / 1e6;

    /// <summary>Count in bucket <paramref name="i"/> alone (not cumulative); the last is +Inf.</summary>
    public long BucketCount(int i) => Interlocked.Read(ref _counts[i]);
}
