using System.Globalization;
using System.Text.Json;
using Moat.Contract.Records;

namespace Moat.Reports.Building;

/// <summary>
/// Writes the JSON document the page's script renders. Compact shapes (arrays of tuples, columnar
/// account table with a reason dictionary) keep a 25,000-account campaign to a few megabytes.
/// </summary>
public static class ReportDataWriter
{
    public static void Write(Utf8JsonWriter w, ReportContent content, ReportLimits limits, DateTime builtAt)
    {
        var scan = content.Scan;
        var kinds = new KindIndex();
        w.WriteStartObject();
        w.WriteString("folder", content.ScanFolderName);
        if (scan.GeneratedAt is { } generated) w.WriteString("generated_at", Iso(generated));
        w.WriteString("built_at", Iso(builtAt));
        w.WriteString("sentence", Wording.ScanSentence(scan.Campaigns, scan.Stats));
        if (scan.Stats is { } stats)
        {
            w.WriteStartObject("stats");
            w.WriteNumber("accounts", stats.Accounts);
            w.WriteNumber("exchanges", stats.Exchanges);
            w.WriteNumber("bad_lines", stats.BadLines);
            w.WriteEndObject();
        }
        if (scan.OrganicTimeline is { } organic) WriteTimeline(w, "organic_timeline", organic);

        w.WriteStartArray("campaigns");
        for (int i = 0; i < scan.Campaigns.Count; i++)
            WriteCampaign(w, scan.Campaigns[i], content.Accounts.ActionsPerCampaign[i], limits, kinds);
        w.WriteEndArray();

        w.WriteStartArray("link_kinds");
        foreach (var k in kinds.Names) w.WriteStringValue(k);
        w.WriteEndArray();

        WriteHistogram(w, content.Accounts.Histogram);
        WriteAccounts(w, content.Accounts);

        w.WriteStartObject("notes");
        w.WriteNumber("count", content.Notes.Count);
        w.WriteStartArray("first");
        foreach (var n in content.Notes.First) w.WriteStringValue(n);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static string Iso(DateTime t) => t == DateTime.MinValue ? "" : t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void WriteTimeline(Utf8JsonWriter w, string name, IReadOnlyList<DailyCount> days)
    {
        w.WriteStartArray(name);
        foreach (var d in days)
        {
            w.WriteStartArray();
            w.WriteStringValue(d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteNumberValue(d.Exchanges);
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    private static void WriteCampaign(Utf8JsonWriter w, Campaign c, IReadOnlyDictionary<string, int> actions, ReportLimits limits, KindIndex kinds)
    {
        w.WriteStartObject();
        w.WriteString("id", c.Id);
        w.WriteNumber("confidence", Math.Round(c.Confidence, 4));
        w.WriteNumber("accounts", c.Accounts.Count);
        w.WriteNumber("exchanges", c.Exchanges);
        w.WriteString("first_seen", Iso(c.FirstSeen));
        w.WriteString("last_seen", Iso(c.LastSeen));
        w.WriteString("period", Wording.Period(c.FirstSeen, c.LastSeen));
        w.WriteString("action", c.RecommendedAction);
        w.WriteString("sentence", Wording.CampaignSentence(c));
        w.WriteStartArray("targets");
        foreach (var t in Wording.TargetedCapabilities(c.Capabilities)) w.WriteStringValue(t);
        w.WriteEndArray();

        var caps = new List<KeyValuePair<string, double>>(c.Capabilities);
        caps.Sort((x, y) => y.Value.CompareTo(x.Value));
        w.WriteStartArray("capabilities");
        foreach (var (name, share) in caps)
        {
            w.WriteStartArray();
            w.WriteStringValue(name);
            w.WriteStringValue(Wording.Capability(name));
            w.WriteNumberValue(Math.Round(share, 4));
            w.WriteEndArray();
        }
        w.WriteEndArray();

        w.WriteStartArray("evidence");
        int evidence = 0;
        foreach (var e in c.Evidence)
        {
            if (evidence++ == limits.MaxEvidence) break;
            w.WriteStartArray();
            w.WriteStringValue(e.Kind);
            w.WriteStringValue(e.Detail);
            w.WriteNumberValue(Math.Round(e.Weight, 4));
            w.WriteEndArray();
        }
        w.WriteEndArray();

        w.WriteStartObject("actions");
        foreach (var (action, count) in actions) w.WriteNumber(action, count);
        w.WriteEndObject();

        if (c.Timeline is { } timeline) WriteTimeline(w, "timeline", timeline);
        if (c.HourOfDay is { Count: 24 } hours)
        {
            w.WriteStartArray("hours");
            foreach (var h in hours) w.WriteNumberValue(h);
            w.WriteEndArray();
        }
        WriteLinks(w, c, limits, kinds);
        if (c.Templates is { } templates) WriteTemplates(w, templates, limits);
        w.WriteEndObject();
    }

    private static void WriteLinks(Utf8JsonWriter w, Campaign c, ReportLimits limits, KindIndex kinds)
    {
        if (c.Links is not { } links) return;
        // Per kind: how many links and their summed weight, over all links (not only the drawn ones).
        var perKind = new Dictionary<string, (int Count, double Weight)>(StringComparer.Ordinal);
        foreach (var l in links)
        {
            var (count, weight) = perKind.GetValueOrDefault(l.Kind);
            perKind[l.Kind] = (count + 1, weight + l.Weight);
        }
        w.WriteStartArray("link_summary");
        foreach (var (kind, (count, weight)) in perKind.OrderByDescending(p => p.Value.Weight))
        {
            w.WriteStartArray();
            w.WriteNumberValue(kinds.Of(kind));
            w.WriteNumberValue(count);
            w.WriteNumberValue(Math.Round(weight, 3));
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteNumber("link_count", links.Count);

        w.WriteStartArray("links");
        foreach (var l in LinkGraphSampler.Strongest(links, limits.MaxTableLinks))
        {
            w.WriteStartArray();
            w.WriteStringValue(l.A);
            w.WriteStringValue(l.B);
            w.WriteNumberValue(kinds.Of(l.Kind));
            w.WriteNumberValue(Math.Round(l.Weight, 4));
            w.WriteStringValue(l.Detail);
            w.WriteEndArray();
        }
        w.WriteEndArray();

        if (LinkGraphSampler.Sample(links, limits.MaxGraphNodes, limits.MaxGraphEdges) is not { } graph) return;
        w.WriteStartObject("graph");
        w.WriteNumber("linked_accounts", graph.LinkedAccounts);
        var (x, y) = GraphLayout.ForceDirected(graph.Nodes.Count, graph.Edges);
        w.WriteStartArray("nodes");
        for (int i = 0; i < graph.Nodes.Count; i++)
        {
            w.WriteStartArray();
            w.WriteStringValue(graph.Nodes[i].Account);
            w.WriteNumberValue(Math.Round(graph.Nodes[i].Strength, 3));
            w.WriteNumberValue(x[i]);
            w.WriteNumberValue(y[i]);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteStartArray("edges");
        foreach (var e in graph.Edges)
        {
            w.WriteStartArray();
            w.WriteNumberValue(e.Source);
            w.WriteNumberValue(e.Target);
            w.WriteNumberValue(kinds.Of(e.Kind));
            w.WriteNumberValue(Math.Round(e.Weight, 3));
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteTemplates(Utf8JsonWriter w, IReadOnlyList<TemplateSummary> templates, ReportLimits limits)
    {
        var sorted = new List<TemplateSummary>(templates);
        sorted.Sort((x, y) => y.Exchanges.CompareTo(x.Exchanges));
        w.WriteNumber("template_count", sorted.Count);
        w.WriteStartArray("templates");
        for (int i = 0; i < sorted.Count && i < limits.MaxTemplates; i++)
        {
            var t = sorted[i];
            w.WriteStartObject();
            w.WriteString("id", t.Id);
            w.WriteString("pattern", Cut(t.Pattern, limits.MaxExampleChars));
            w.WriteNumber("exchanges", t.Exchanges);
            w.WriteNumber("accounts", t.Accounts);
            w.WriteStartArray("examples");
            for (int e = 0; e < t.Examples.Count && e < limits.MaxExamplesPerTemplate; e++)
                w.WriteStringValue(Cut(t.Examples[e], limits.MaxExampleChars));
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static string Cut(string text, int max)
    {
        if (text.Length <= max) return text;
        int end = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max; // never split a surrogate pair
        return string.Concat(text.AsSpan(0, end), " […]");
    }

    private static void WriteHistogram(Utf8JsonWriter w, ScoreHistogram h)
    {
        w.WriteStartObject("score_histogram");
        w.WriteNumber("bins", ScoreHistogram.Bins);
        w.WriteStartArray("members");
        foreach (var n in h.Members) w.WriteNumberValue(n);
        w.WriteEndArray();
        w.WriteStartArray("others");
        foreach (var n in h.Others) w.WriteNumberValue(n);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteAccounts(Utf8JsonWriter w, AccountTable table)
    {
        var rows = new List<AccountRow>(table.Rows);
        // Highest score first: the order an analyst reviews in, and the page's default sort.
        rows.Sort((x, y) => (y.Score ?? -1).CompareTo(x.Score ?? -1) is var c && c != 0 ? c : string.CompareOrdinal(x.Id, y.Id));
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        var actions = new Dictionary<string, int>(StringComparer.Ordinal);

        w.WriteStartObject("accounts");
        w.WriteNumber("scored", table.ScoredAccounts);
        w.WriteNumber("omitted", table.OmittedAccounts);
        w.WriteStartArray("ids");
        foreach (var r in rows) w.WriteStringValue(r.Id);
        w.WriteEndArray();
        w.WriteStartArray("scores");
        foreach (var r in rows)
        {
            if (r.Score is { } s) w.WriteNumberValue(Math.Round(s, 4)); else w.WriteNullValue();
        }
        w.WriteEndArray();
        w.WriteStartArray("campaign");
        foreach (var r in rows) w.WriteNumberValue(r.Campaign);
        w.WriteEndArray();
        w.WriteStartArray("exchanges");
        foreach (var r in rows)
        {
            if (r.Exchanges is { } n) w.WriteNumberValue(n); else w.WriteNullValue();
        }
        w.WriteEndArray();
        w.WriteStartArray("action");
        foreach (var r in rows) w.WriteNumberValue(Intern(actions, r.Action));
        w.WriteEndArray();
        w.WriteStartArray("reasons");
        foreach (var r in rows)
        {
            w.WriteStartArray();
            foreach (var reason in r.Reasons) w.WriteNumberValue(Intern(reasons, reason));
            w.WriteEndArray();
        }
        w.WriteEndArray();
        WriteDictionary(w, "action_names", actions);
        WriteDictionary(w, "reason_texts", reasons);
        w.WriteEndObject();
    }

    private static int Intern(Dictionary<string, int> dictionary, string value)
    {
        if (!dictionary.TryGetValue(value, out var index)) dictionary[value] = index = dictionary.Count;
        return index;
    }

    private static void WriteDictionary(Utf8JsonWriter w, string name, Dictionary<string, int> dictionary)
    {
        var values = new string[dictionary.Count];
        foreach (var (value, index) in dictionary) values[index] = value;
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    /// <summary>Link kinds as small integers, shared by every campaign so a kind has one colour on the page.</summary>
    private sealed class KindIndex
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        public List<string> Names { get; } = [];

        public int Of(string kind)
        {
            if (_index.TryGetValue(kind, out var i)) return i;
            _index[kind] = Names.Count;
            Names.Add(kind);
            return Names.Count - 1;
        }
    }
}
