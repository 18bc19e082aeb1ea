using System.Globalization;
using Moat.Contract.Records;

namespace Moat.Reports.Building;

/// <summary>
/// The plain-English sentences of the report, e.g. "28.8 million exchanges from 25,000 accounts between
/// 22 April and 5 June 2026, targeting agentic tool use and coding." They are generated from the data so
/// that the text a provider pastes into a message to a partner always matches the figures.
/// </summary>
public static class Wording
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Capabilities named in a sentence when they take at least this share of a campaign's exchanges.</summary>
    public const double NamedCapabilityShare = 0.2;

    private static readonly Dictionary<string, string> CapabilityNames = new(StringComparer.Ordinal)
    {
        ["agentic_tool_use"] = "agentic tool use",
        ["agentic_reasoning"] = "agentic reasoning",
        ["reasoning_trace"] = "reasoning traces",
        ["reasoning"] = "reasoning",
        ["coding"] = "coding",
        ["math"] = "mathematics",
        ["maths"] = "mathematics",
        ["translation"] = "translation",
        ["safety"] = "safety behaviour",
        ["chat"] = "general chat",
        ["other"] = "other tasks",
    };

    /// <summary>"412,300" below a million, then "28.8 million", "1.2 billion".</summary>
    public static string Count(long n) => Math.Abs(n) switch
    {
        < 1_000_000 => n.ToString("N0", Invariant),
        < 1_000_000_000 => (n / 1e6).ToString("0.#", Invariant) + " million",
        _ => (n / 1e9).ToString("0.#", Invariant) + " billion",
    };

    /// <summary>"1 account", "25,000 accounts".</summary>
    public static string Plural(long n, string singular, string plural) => n == 1 ? $"1 {singular}" : $"{Count(n)} {plural}";

    public static string Capability(string name) =>
        CapabilityNames.TryGetValue(name, out var readable) ? readable : name.Replace('_', ' ').Replace('-', ' ');

    /// <summary>"between 22 April and 5 June 2026", "on 3 May 2026", "between 28 December 2025 and 3 January 2026".</summary>
    public static string Period(DateTime first, DateTime last)
    {
        if (first == DateTime.MinValue || last == DateTime.MinValue) return "";
        if (last < first) (first, last) = (last, first);
        if (first.Date == last.Date) return "on " + first.ToString("d MMMM yyyy", Invariant);
        string from = first.Year == last.Year ? first.ToString("d MMMM", Invariant) : first.ToString("d MMMM yyyy", Invariant);
        return $"between {from} and {last.ToString("d MMMM yyyy", Invariant)}";
    }

    /// <summary>The capabilities a campaign targets, strongest first: those above <see cref="NamedCapabilityShare"/>, else the top one.</summary>
    public static IReadOnlyList<string> TargetedCapabilities(IReadOnlyDictionary<string, double> capabilities)
    {
        var ranked = new List<KeyValuePair<string, double>>();
        foreach (var pair in capabilities)
            if (pair.Key != "other" && pair.Value > 0) ranked.Add(pair);
        ranked.Sort((x, y) => y.Value != x.Value ? y.Value.CompareTo(x.Value) : string.CompareOrdinal(x.Key, y.Key));
        var named = new List<string>();
        foreach (var pair in ranked)
            if (pair.Value >= NamedCapabilityShare) named.Add(Capability(pair.Key));
        if (named.Count == 0 && ranked.Count > 0) named.Add(Capability(ranked[0].Key));
        return named;
    }

    /// <summary>"a", "a and b", "a, b and c".</summary>
    public static string List(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1],
    };

    /// <summary>The headline sentence of one campaign.</summary>
    public static string CampaignSentence(Campaign c)
    {
        var text = $"{Plural(c.Exchanges, "exchange", "exchanges")} from {Plural(c.Accounts.Count, "account", "accounts")}";
        var period = Period(c.FirstSeen, c.LastSeen);
        if (period.Length > 0) text += " " + period;
        var targets = TargetedCapabilities(c.Capabilities);
        if (targets.Count > 0) text += ", targeting " + List(targets);
        return text + ".";
    }

    /// <summary>The opening sentence of the whole report.</summary>
    public static string ScanSentence(IReadOnlyList<Campaign> campaigns, ScanStats? stats)
    {
        long accounts = 0, exchanges = 0;
        foreach (var c in campaigns) { accounts += c.Accounts.Count; exchanges += c.Exchanges; }
        if (campaigns.Count == 0)
            return stats is null ? "Moat found no campaign in this scan." : $"Moat found no campaign among {Plural(stats.Accounts, "account", "accounts")} and {Plural(stats.Exchanges, "exchange", "exchanges")}.";
        var text = $"Moat found {Plural(campaigns.Count, "campaign", "campaigns")}: {Plural(accounts, "account", "accounts")} that sent {Plural(exchanges, "exchange", "exchanges")}";
        if (stats is { Exchanges: > 0 })
        {
            double share = (double)exchanges / stats.Exchanges;
            text += $", {share.ToString("0.#%", Invariant)} of the {Count(stats.Exchanges)} exchanges scanned";
        }
        return text + ".";
    }
}
