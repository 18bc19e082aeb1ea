using Moat.Contract.Records;

namespace Moat.Detection.Features;

/// <summary>One named behavioural signal of an account, 0 (organic-looking) to 1 (distiller-looking).</summary>
public readonly record struct Signal(string Name, double Value, double Weight, string Reason);

/// <summary>
/// The behavioural signals of one account and their weighted combination, the account's
/// suspicion. Each signal is bounded to [0,1] and carries a readable reason, so a score can always
/// be explained. Signals that need enough traffic (rhythm, regularity) stay silent below it.
/// </summary>
public static class AccountSignals
{
    public static IReadOnlyList<Signal> Measure(AccountBehaviour a, ScanContext context)
    {
        var signals = new List<Signal>(14);
        double n = Math.Max(1, a.Exchanges);
        void Add(string name, double value, double weight, string reason) =>
            signals.Add(new Signal(name, Math.Clamp(value, 0, 1), weight, reason));

        // A registry account that sent nothing has no behaviour: only what the registry says counts,
        // so on its own it stays far below every gate (it can still join a campaign by its footprint).
        if (a.Exchanges == 0)
        {
            if (a.Registry is { } silent)
                Add("free_tier", silent.Tier is null or AccountTiers.Free ? 1 : 0, 0.2, $"tier {silent.Tier ?? "unknown"}");
            return signals;
        }

        double cot = a.ChainOfThought / n;
        Add("chain_of_thought", cot / 0.6, 1.0, $"{cot:P0} of prompts elicit step-by-step reasoning");
        double grading = a.Grading / n;
        Add("grading", grading / 0.5, 1.0, $"{grading:P0} of prompts ask for rubric or reward-style grading");
        double reasoning = a.Reasoning / n;
        Add("reasoning_requested", (reasoning - 0.3) / 0.6, 0.8, $"reasoning output requested on {reasoning:P0} of exchanges");

        int topCapability = 1;
        for (int c = 2; c < CapabilityNames.Count; c++) if (a.Capabilities[c] > a.Capabilities[topCapability]) topCapability = c;
        double capShare = a.Capabilities[topCapability] / n;
        Add("capability_focus", a.Exchanges < 5 ? 0 : (capShare - 0.4) / 0.5, 0.7,
            $"{capShare:P0} of exchanges target {CapabilityNames.Name((Capability)topCapability)}");

        int top = a.Templates.Top();
        double templateShare = top < 0 ? 0 : a.Templates.CountOf(top) / n;
        // A playbook rotates a few templates, so one template's share undersells it: the share of the
        // (up to) three largest scripted templates counts too. Common phrasing that ordinary users fall
        // into is not scripted (TemplateReputation), so it cannot raise a casual user this way.
        double scriptedShare = ScriptedShare(a, context.ScriptedTemplates, out int scriptedTemplates);
        Add("template_focus", a.Exchanges < 5 ? 0 : (Math.Max(templateShare, scriptedShare) - 0.2) / 0.6, 0.8,
            scriptedShare > templateShare && scriptedTemplates > 1
                ? $"{scriptedShare:P0} of prompts follow {scriptedTemplates} scripted templates"
                : $"{templateShare:P0} of prompts follow one mined template");

        double single = 1 - a.Conversational / n;
        Add("single_shot", (single - 0.5) / 0.5, 0.5, $"{single:P0} of exchanges are single-shot (no conversation history)");

        double ratio = (a.OutputTokens + 1.0) / (a.InputTokens + 1.0);
        Add("output_ratio", Math.Log2(Math.Max(ratio, 1e-3)) / 4, 0.8, $"output/input token ratio {ratio:0.0}");

        double days = Math.Max(1.0, (a.LastTicks - a.FirstTicks) / (double)TimeSpan.TicksPerDay);
        double perDay = a.Exchanges / days;
        Add("volume", (Math.Log10(perDay + 1) - 1.3) / 1.5, 0.6, $"{perDay:0} exchanges per active day");

        if (a.Gaps >= 10)
        {
            double mean = a.LogGapSum / a.Gaps;
            double sd = Math.Sqrt(Math.Max(0, a.LogGapSumSquares / a.Gaps - mean * mean));
            Add("regularity", (2.0 - sd) / 1.5, 1.0, $"inter-arrival spread {sd:0.00} (log-seconds; humans are bursty)");
        }

        if (a.Exchanges >= 20 && ClaimedTimeZone.TryOffset(a.Registry?.Country, out double offset))
        {
            double night = ClaimedTimeZone.NightShare(a.HourOfDay, offset);
            Add("night_activity", (night - 0.1) / 0.12, 0.8, $"{night:P0} of traffic between 01:00 and 06:00 in claimed country {a.Registry!.Country}");
        }

        foreach (var (model, release) in context.NewModels)
        {
            int onNew = 0;
            for (int i = 0; i < a.Models.Count; i++) if (a.Models.Key(i) == model) onNew = a.Models.CountOf(i);
            if (onNew < 5 || a.LastTicks <= release) continue;
            // Organic users drift to a new model over weeks; a harvesting fleet moves its traffic at once.
            double span = Math.Max(1, a.LastTicks - a.FirstTicks);
            double afterRelease = a.Exchanges * Math.Min(1, (a.LastTicks - Math.Max(release, a.FirstTicks)) / span);
            double share = Math.Min(1, onNew / Math.Max(1, afterRelease));
            Add("new_model_rush", (share - 0.35) / 0.45, 1.0, $"{share:P0} of traffic after its release went to new model {model}");
            break;
        }

        if (a.Registry is { } registry)
        {
            double ageDays = (a.FirstTicks - registry.CreatedAt.Ticks) / (double)TimeSpan.TicksPerDay;
            Add("young_account", (7 - ageDays) / 6, 0.3, $"first exchange {ageDays:0.#} days after sign-up");
            Add("free_tier", registry.Tier is null or AccountTiers.Free ? 1 : 0, 0.2, $"tier {registry.Tier ?? "unknown"}");
        }
        return signals;
    }

    private const int PlaybookWidth = 3;

    /// <summary>Share of the account's exchanges on its (up to) three largest scripted templates.</summary>
    private static double ScriptedShare(AccountBehaviour a, bool[]? scripted, out int templates)
    {
        templates = 0;
        if (scripted is null || a.Exchanges == 0) return 0;
        Span<int> largest = stackalloc int[PlaybookWidth];
        for (int k = 0; k < a.Templates.Count; k++)
        {
            int id = a.Templates.Key(k);
            if ((uint)id >= (uint)scripted.Length || !scripted[id]) continue;
            int count = a.Templates.CountOf(k), min = 0;
            for (int i = 1; i < PlaybookWidth; i++) if (largest[i] < largest[min]) min = i;
            if (count > largest[min]) largest[min] = count;
        }
        long sum = 0;
        foreach (int c in largest) { sum += c; if (c > 0) templates++; }
        return Math.Min(1, sum / (double)a.Exchanges);
    }

    /// <summary>How many of the strongest signals make up the suspicion.</summary>
    public const int Strongest = 5;

    /// <summary>
    /// The mean of the <see cref="Strongest"/> largest weighted signals, 0..1. A distiller need not
    /// show every trait (a general-purpose harvester asks for no reasoning), so absent traits must
    /// not dilute the ones present; one trait alone stays far from the top.
    /// </summary>
    public static double Suspicion(IReadOnlyList<Signal> signals)
    {
        Span<double> top = stackalloc double[Strongest];
        foreach (var s in signals)
        {
            double c = s.Value * s.Weight;
            int min = 0;
            for (int i = 1; i < Strongest; i++) if (top[i] < top[min]) min = i;
            if (c > top[min]) top[min] = c;
        }
        double sum = 0;
        foreach (double c in top) sum += c;
        return sum / Strongest;
    }

    /// <summary>The reasons of the strongest signals, strongest first.</summary>
    public static List<string> TopReasons(IReadOnlyList<Signal> signals, int max = 4, double minValue = 0.5)
    {
        var strong = new List<Signal>();
        foreach (var s in signals) if (s.Value >= minValue) strong.Add(s);
        strong.Sort((x, y) => (y.Value * y.Weight).CompareTo(x.Value * x.Weight));
        var reasons = new List<string>(Math.Min(max, strong.Count));
        for (int i = 0; i < strong.Count && i < max; i++) reasons.Add($"{strong[i].Name}: {strong[i].Reason}");
        return reasons;
    }
}
