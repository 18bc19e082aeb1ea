using Moat.Simulation.Population;
using Moat.Simulation.Randomness;

namespace Moat.Simulation.Scheduling;

/// <summary>
/// Plans one UTC day of traffic: per-account sessions for people and mimicking campaigns,
/// round-robin waves for campaign controllers. Memory is one day of 24-byte entries; each
/// actor's and campaign's day is drawn from its own random stream, so days are independent.
/// </summary>
public sealed class DayScheduler
{
    private const long TicksPerMinute = TimeSpan.TicksPerMinute;
    private const int StreamActor = 0x5C4E_D001;
    private const int StreamCampaign = 0x5C4E_D002;

    private readonly SimulationOptions _options;
    private readonly Population.Population _population;
    // Σ weekday factor from day d to the end, per rhythm: spreads an actor's volume over its active days.
    private readonly double[][] _remainingWeight;

    public DayScheduler(SimulationOptions options, Population.Population population)
    {
        _options = options;
        _population = population;
        _remainingWeight = new double[3][];
        foreach (Rhythm r in Enum.GetValues<Rhythm>())
        {
            var suffix = new double[options.Days + 1];
            for (int d = options.Days - 1; d >= 0; d--) suffix[d] = suffix[d + 1] + RhythmProfile.Weekday(r, DayOf(d));
            _remainingWeight[(int)r] = suffix;
        }
    }

    private DayOfWeek DayOf(int day) => _options.Start.AddDays(day).DayOfWeek;

    /// <summary>Appends day <paramref name="day"/>'s exchanges to <paramref name="into"/>, sorted by time.</summary>
    public void Schedule(int day, List<ScheduledExchange> into)
    {
        into.Clear();
        long dayStart = _options.Start.AddDays(day).Ticks;
        foreach (var actor in _population.Actors)
        {
            if (actor.Campaign >= 0 && !_population.Campaigns[actor.Campaign].Spec.DiurnalMimicry) continue;
            ScheduleActor(actor, day, dayStart, into);
        }
        foreach (var campaign in _population.Campaigns)
        {
            if (!campaign.Spec.DiurnalMimicry) ScheduleWaves(campaign, day, dayStart, into);
        }
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(into);
        span.Sort();
    }

    private (int First, int End) ActiveDays(Actor actor)
    {
        if (actor.Campaign < 0) return (actor.FirstDay, _options.Days);
        var spec = _population.Campaigns[actor.Campaign].Spec;
        int end = spec.Duration > 0 ? Math.Min(_options.Days, spec.StartDay + spec.Duration) : _options.Days;
        return (Math.Max(spec.StartDay, actor.FirstDay), Math.Min(end, actor.EndDay));
    }

    private void ScheduleActor(Actor actor, int day, long dayStart, List<ScheduledExchange> into)
    {
        var (first, end) = ActiveDays(actor);
        if (day < first || day >= end) return;
        var rng = SimRandom.For(_options.Seed, StreamActor, actor.Index, day);
        if (!rng.Chance(actor.DailyActivity)) return;

        var weights = _remainingWeight[(int)actor.Rhythm];
        double span = weights[first] - weights[end];
        double mean = actor.Volume * RhythmProfile.Weekday(actor.Rhythm, DayOf(day)) / span / actor.DailyActivity;
        int remaining = rng.Poisson(mean);
        var hours = RhythmProfile.Hours(actor.Rhythm);
        long dayEnd = dayStart + TimeSpan.TicksPerDay;
        long created = actor.Account.CreatedAt.Ticks;
        while (remaining > 0)
        {
            int size = Math.Min(remaining, 1 + rng.Poisson(actor.SessionMean - 1));
            remaining -= size;
            int conversation = (int)(rng.NextULong() >> 33);
            long t = dayStart + RhythmProfile.SampleUtcMinute(hours, actor.UtcOffsetMinutes, ref rng) * TicksPerMinute
                     + rng.Next(60_000) * TimeSpan.TicksPerMillisecond;
            for (int turn = 0; turn < size && t < dayEnd; turn++)
            {
                if (t >= created) into.Add(new ScheduledExchange(t, actor.Index, conversation, turn));
                t += (long)((1 + rng.Exponential(actor.ThinkSeconds)) * 1000) * TimeSpan.TicksPerMillisecond;
            }
        }
    }

    private void ScheduleWaves(CampaignRuntime campaign, int day, long dayStart, List<ScheduledExchange> into)
    {
        var spec = campaign.Spec;
        int end = spec.Duration > 0 ? Math.Min(_options.Days, spec.StartDay + spec.Duration) : _options.Days;
        if (day < spec.StartDay || day >= end) return;
        var rng = SimRandom.For(_options.Seed, StreamCampaign, campaign.Index, day);

        double perDay = spec.Exchanges / (double)(end - spec.StartDay);
        // Operators ramp up over the first two days, and the daily volume wobbles.
        double ramp = (day - spec.StartDay) switch { 0 => 0.5, 1 => 0.8, _ => 1.0 };
        double volume = perDay * ramp * rng.LogNormal(0, 0.1);
        // A model pivot brings a rush on the new model.
        if (spec.PivotShare > 0 && day >= _options.NewModelReleaseDay) volume *= 1.3;
        int count = rng.Poisson(volume);

        // Round robin over the accounts alive today: replacements join as they sign up, churned accounts leave.
        var active = new List<int>(campaign.Members.Length);
        foreach (int m in campaign.Members)
            if (_population.Actors[m].FirstDay <= day && day < _population.Actors[m].EndDay) active.Add(m);
        int members = active.Count;
        if (members == 0) return;
        int waveSize = Math.Clamp(members / 4, 1, 64);
        int waves = (count + waveSize - 1) / waveSize;
        var waveMinutes = new int[waves];
        for (int w = 0; w < waves; w++) waveMinutes[w] = RhythmProfile.SampleUtcMinute(RhythmProfile.Operator, campaign.OperatorUtcOffsetMinutes, ref rng);
        Array.Sort(waveMinutes);

        long minGap = (long)(TimeSpan.TicksPerMinute / spec.RateLimitPerMinute);
        var last = new long[members];
        long dayEnd = dayStart + TimeSpan.TicksPerDay;
        int cursor = rng.Next(members);
        for (int w = 0, sent = 0; w < waves; w++)
        {
            long waveStart = dayStart + waveMinutes[w] * TicksPerMinute + rng.Next(60_000) * TimeSpan.TicksPerMillisecond;
            for (int j = 0; j < waveSize && sent < count; j++, sent++)
            {
                int slot = cursor++ % members;
                var actor = _population.Actors[active[slot]];
                long t = waveStart + (long)(Math.Abs(rng.NextGaussian()) * spec.LockstepJitterSeconds * 1000) * TimeSpan.TicksPerMillisecond;
                // Stay under the per-account rate limit: a request that would break it waits.
                if (last[slot] != 0 && t < last[slot] + minGap) t = last[slot] + minGap + rng.Next(5_000) * TimeSpan.TicksPerMillisecond;
                long created = actor.Account.CreatedAt.Ticks;
                if (t >= dayEnd || t < created) continue;
                last[slot] = t;
                into.Add(new ScheduledExchange(t, actor.Index, (int)(rng.NextULong() >> 33), 0));
            }
        }
    }
}
