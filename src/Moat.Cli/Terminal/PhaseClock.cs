using System.Diagnostics;

namespace Moat.Cli.Terminal;

/// <summary>
/// Times the phases of a long run from its status messages: a message that does not start with a
/// digit ("mining templates", "linking accounts") opens a phase; counters ("1,000 exchanges") do not.
/// Lets `scan --timings` say where the time went without the pipeline knowing about clocks.
/// </summary>
internal sealed class PhaseClock
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<(string Phase, TimeSpan Start)> _phases = [];

    public PhaseClock(string firstPhase) => _phases.Add((firstPhase, TimeSpan.Zero));

    public Action<string> Wrap(Action<string> status) => text =>
    {
        if (text.Length > 0 && !char.IsAsciiDigit(text[0]) && text != _phases[^1].Phase)
            lock (_phases) _phases.Add((text, _clock.Elapsed));
        status(text);
    };

    /// <summary>Each phase with its duration, the last one ending now.</summary>
    public IReadOnlyList<(string Phase, TimeSpan Duration)> Durations()
    {
        var now = _clock.Elapsed;
        var list = new List<(string, TimeSpan)>(_phases.Count);
        for (int i = 0; i < _phases.Count; i++)
            list.Add((_phases[i].Phase, (i + 1 < _phases.Count ? _phases[i + 1].Start : now) - _phases[i].Start));
        return list;
    }

    public void WriteTo(TextWriter writer)
    {
        foreach (var (phase, duration) in Durations())
            writer.WriteLine($"  {phase,-20} {duration.TotalSeconds,9:0.0} s");
        writer.WriteLine($"  {"total",-20} {_clock.Elapsed.TotalSeconds,9:0.0} s");
    }
}
