using System.Diagnostics;
using System.Globalization;

/// <summary>
/// How often the machine itself takes the CPU away: one thread spins and records every gap between
/// consecutive clock reads. On a quiet bare-metal core gaps stay in microseconds; a VM whose host
/// preempts it shows gaps of milliseconds, and every request in flight then pays them on every path,
/// direct or not. Printed with the figures so a tail can be read against the machine it came from.
/// </summary>
static class StallProbe
{
    public static string Measure(TimeSpan duration)
    {
        long over1 = 0, over5 = 0;
        double longest = 0, stolen = 0;
        long start = Stopwatch.GetTimestamp(), last = start, end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (last < end)
        {
            long now = Stopwatch.GetTimestamp();
            double gapMs = (now - last) * 1000.0 / Stopwatch.Frequency;
            if (gapMs > 0.2) stolen += gapMs;
            if (gapMs > 1) over1++;
            if (gapMs > 5) over5++;
            if (gapMs > longest) longest = gapMs;
            last = now;
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"{over1} stalls over 1 ms and {over5} over 5 ms, longest {longest:0.0} ms, {stolen / duration.TotalMilliseconds:P1} of the time in stalls over 0.2 ms");
    }
}
