using Moat.Simulation.Population;
using Moat.Simulation.Randomness;

namespace Moat.Simulation.Scheduling;

/// <summary>Relative activity by local hour and by weekday for each <see cref="Rhythm"/>.</summary>
public static class RhythmProfile
{
    // People: low 1–6 am, a morning rise, an evening peak.
    private static readonly double[] DiurnalHours =
        [0.30, 0.18, 0.10, 0.07, 0.06, 0.09, 0.22, 0.45, 0.75, 0.95, 1.05, 1.10, 1.00, 1.00, 1.05, 1.05, 1.00, 1.00, 1.05, 1.15, 1.20, 1.10, 0.85, 0.55];
    // Work tools: office hours with a lunch dip, near silence at night.
    private static readonly double[] OfficeHours =
        [0.04, 0.03, 0.02, 0.02, 0.02, 0.04, 0.12, 0.45, 0.95, 1.30, 1.40, 1.30, 0.90, 1.20, 1.40, 1.30, 1.15, 0.85, 0.45, 0.28, 0.20, 0.14, 0.09, 0.06];
    private static readonly double[] FlatHours =
        [0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.95];
    // A campaign operator's scripts run continuously; restarts and babysitting happen in their day.
    private static readonly double[] OperatorHours =
        [0.80, 0.70, 0.65, 0.65, 0.65, 0.70, 0.80, 0.90, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.95, 0.90];

    public static double[] Hours(Rhythm rhythm) => rhythm switch
    {
        Rhythm.Diurnal => DiurnalHours,
        Rhythm.Office => OfficeHours,
        _ => FlatHours,
    };

    public static double[] Operator => OperatorHours;

    public static double Weekday(Rhythm rhythm, DayOfWeek day) => (rhythm, day) switch
    {
        (Rhythm.Diurnal, DayOfWeek.Saturday or DayOfWeek.Sunday) => 0.85,
        (Rhythm.Office, DayOfWeek.Saturday or DayOfWeek.Sunday) => 0.2,
        _ => 1.0,
    };

    /// <summary>A minute of the UTC day, drawn so that local hour follows <paramref name="hours"/>.</summary>
    public static int SampleUtcMinute(double[] hours, int utcOffsetMinutes, ref SimRandom rng)
    {
        const double Max = 1.4;
        while (true)
        {
            int minute = rng.Next(1440);
            int local = ((minute + utcOffsetMinutes) % 1440 + 1440) % 1440;
            if (rng.NextDouble() * Max < hours[local / 60]) return minute;
        }
    }
}
