using System.Diagnostics;
using System.Globalization;

/// <summary>
/// Time the hypervisor ran something else while this VM's vCPUs wanted to run: the <c>steal</c> column of
/// the per-CPU lines of <c>/proc/stat</c> (proc(5); USER_HZ ticks, 10 ms each), summed over the CPUs this
/// process may run on. On this benchmark's VM it is what sets latency tails, so it is printed per round
/// and a tail is read against the steal it met.
/// </summary>
static class HostSteal
{
    private const double MillisecondsPerTick = 10;

    /// <summary>Steal so far on this process's CPUs, in ms; null where /proc/stat is missing or has no steal column.</summary>
    public static double? ReadMilliseconds()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            long mask = (long)Process.GetCurrentProcess().ProcessorAffinity;
            long ticks = 0;
            bool any = false;
            foreach (var line in File.ReadLines("/proc/stat"))
            {
                // cpuN user nice system idle iowait irq softirq steal ...; the aggregate "cpu " line is skipped.
                if (!line.StartsWith("cpu", StringComparison.Ordinal) || line.Length < 4 || !char.IsAsciiDigit(line[3])) continue;
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                int cpu = int.Parse(fields[0].AsSpan(3), CultureInfo.InvariantCulture);
                if (fields.Length < 9 || cpu >= 64 || (mask & (1L << cpu)) == 0) continue;
                ticks += long.Parse(fields[8], CultureInfo.InvariantCulture);
                any = true;
            }
            return any ? ticks * MillisecondsPerTick : null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        catch (PlatformNotSupportedException) { return null; }
    }
}
