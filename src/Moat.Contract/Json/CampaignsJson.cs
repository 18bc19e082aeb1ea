using System.Text.Encodings.Web;
using System.Text.Json;
using Moat.Contract.Io;
using Moat.Contract.Records;

namespace Moat.Contract.Json;

/// <summary><c>campaigns.json</c>: one document with every campaign (data contract §4).</summary>
public static class CampaignsJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(Stream stream, CampaignsDocument document)
    {
        using var w = new Utf8JsonWriter(stream, WriterOptions);
        w.WriteStartObject();
        ExchangeCodec.WriteTimestamp(w, "generated_at"u8, document.GeneratedAt);
        w.WriteStartArray("campaigns"u8);
        foreach (var c in document.Campaigns) WriteCampaign(w, c);
        w.WriteEndArray();
        if (document.OrganicTimeline is { } organic) WriteTimeline(w, "organic_timeline"u8, organic);
        if (document.Stats is { } stats)
        {
            w.WriteStartObject("stats"u8);
            w.WriteNumber("accounts"u8, stats.Accounts);
            w.WriteNumber("exchanges"u8, stats.Exchanges);
            w.WriteNumber("bad_lines"u8, stats.BadLines);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    public static void Write(string path, CampaignsDocument document)
    {
        using var stream = ContractInput.Create(path);
        Write(stream, document);
    }

    private static void WriteCampaign(Utf8JsonWriter w, Campaign c)
    {
        w.WriteStartObject();
        w.WriteString("id"u8, c.Id);
        w.WriteNumber("confidence"u8, Math.Round(c.Confidence, 4));
        w.WriteStartArray("accounts"u8);
        foreach (var a in c.Accounts) w.WriteStringValue(a);
        w.WriteEndArray();
        w.WriteNumber("exchanges"u8, c.Exchanges);
        ExchangeCodec.WriteTimestamp(w, "first_seen"u8, c.FirstSeen);
        ExchangeCodec.WriteTimestamp(w, "last_seen"u8, c.LastSeen);
        w.WriteStartObject("capabilities"u8);
        foreach (var (name, share) in c.Capabilities) w.WriteNumber(name, Math.Round(share, 4));
        w.WriteEndObject();
        w.WriteStartArray("evidence"u8);
        foreach (var e in c.Evidence)
        {
            w.WriteStartObject();
            w.WriteString("kind"u8, e.Kind);
            w.WriteString("detail"u8, e.Detail);
            w.WriteNumber("weight"u8, Math.Round(e.Weight, 4));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteString("recommended_action"u8, c.RecommendedAction);
        if (c.Timeline is { } timeline) WriteTimeline(w, "timeline"u8, timeline);
        if (c.HourOfDay is { } hours)
        {
            w.WriteStartArray("hour_of_day"u8);
            foreach (var h in hours) w.WriteNumberValue(h);
            w.WriteEndArray();
        }
        if (c.Links is { } links)
        {
            w.WriteStartArray("links"u8);
            foreach (var l in links)
            {
                w.WriteStartObject();
                w.WriteString("a"u8, l.A);
                w.WriteString("b"u8, l.B);
                w.WriteString("kind"u8, l.Kind);
                w.WriteNumber("weight"u8, Math.Round(l.Weight, 4));
                w.WriteString("detail"u8, l.Detail);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (c.Templates is { } templates)
        {
            w.WriteStartArray("templates"u8);
            foreach (var t in templates)
            {
                w.WriteStartObject();
                w.WriteString("id"u8, t.Id);
                w.WriteString("pattern"u8, t.Pattern);
                w.WriteNumber("exchanges"u8, t.Exchanges);
                w.WriteNumber("accounts"u8, t.Accounts);
                w.WriteStartArray("examples"u8);
                foreach (var e in t.Examples) w.WriteStringValue(e);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static void WriteTimeline(Utf8JsonWriter w, ReadOnlySpan<byte> name, IReadOnlyList<DailyCount> days)
    {
        w.WriteStartArray(name);
        foreach (var d in days)
        {
            w.WriteStartObject();
            w.WriteString("day"u8, d.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteNumber("exchanges"u8, d.Exchanges);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static List<DailyCount>? ReadTimeline(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array) return null;
        var days = new List<DailyCount>();
        foreach (var d in array.EnumerateArray())
        {
            days.Add(new DailyCount(
                DateOnly.ParseExact(d.GetProperty("day").GetString()!, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                d.GetProperty("exchanges").GetInt64()));
        }
        return days;
    }

    /// <summary>Reads a whole campaigns.json (it is small: one entry per campaign, not per exchange).</summary>
    public static CampaignsDocument Read(string path)
    {
        using var stream = ContractInput.Open(path);
        using var doc = JsonDocument.Parse(stream);
        var root = doc.RootElement;
        var generatedAt = ParseTimestamp(root.GetProperty("generated_at"));
        var campaigns = new List<Campaign>();
        foreach (var c in root.GetProperty("campaigns").EnumerateArray())
        {
            var capabilities = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var p in c.GetProperty("capabilities").EnumerateObject()) capabilities[p.Name] = p.Value.GetDouble();
            var evidence = new List<Evidence>();
            foreach (var e in c.GetProperty("evidence").EnumerateArray())
            {
                evidence.Add(new Evidence(e.GetProperty("kind").GetString()!, e.GetProperty("detail").GetString()!, e.GetProperty("weight").GetDouble()));
            }
            campaigns.Add(new Campaign
            {
                Id = c.GetProperty("id").GetString()!,
                Confidence = c.GetProperty("confidence").GetDouble(),
                Accounts = [.. c.GetProperty("accounts").EnumerateArray().Select(a => a.GetString()!)],
                Exchanges = c.GetProperty("exchanges").GetInt64(),
                FirstSeen = ParseTimestamp(c.GetProperty("first_seen")),
                LastSeen = ParseTimestamp(c.GetProperty("last_seen")),
                Capabilities = capabilities,
                Evidence = evidence,
                RecommendedAction = c.GetProperty("recommended_action").GetString()!,
                Timeline = ReadTimeline(c, "timeline"),
                HourOfDay = c.TryGetProperty("hour_of_day", out var hours) && hours.ValueKind == JsonValueKind.Array
                    ? [.. hours.EnumerateArray().Select(h => h.GetInt64())]
                    : null,
                Links = c.TryGetProperty("links", out var links) && links.ValueKind == JsonValueKind.Array
                    ? [.. links.EnumerateArray().Select(l => new AccountLink(
                        l.GetProperty("a").GetString()!, l.GetProperty("b").GetString()!, l.GetProperty("kind").GetString()!,
                        l.GetProperty("weight").GetDouble(), l.GetProperty("detail").GetString()!))]
                    : null,
                Templates = c.TryGetProperty("templates", out var templates) && templates.ValueKind == JsonValueKind.Array
                    ? [.. templates.EnumerateArray().Select(t => new TemplateSummary(
                        t.GetProperty("id").GetString()!, t.GetProperty("pattern").GetString()!, t.GetProperty("exchanges").GetInt64(),
                        t.GetProperty("accounts").GetInt32(), [.. t.GetProperty("examples").EnumerateArray().Select(e => e.GetString()!)]))]
                    : null,
            });
        }
        ScanStats? stats = root.TryGetProperty("stats", out var s) && s.ValueKind == JsonValueKind.Object
            ? new ScanStats(s.GetProperty("accounts").GetInt64(), s.GetProperty("exchanges").GetInt64(), s.GetProperty("bad_lines").GetInt64())
            : null;
        return new CampaignsDocument(generatedAt, campaigns) { OrganicTimeline = ReadTimeline(root, "organic_timeline"), Stats = stats };
    }

    private static DateTime ParseTimestamp(JsonElement e) =>
        Rfc3339.TryParse(e.GetString() ?? "", out var ts)
            ? ts
            : throw new RecordFormatException(ReadProblems.InvalidValue, $"not an RFC 3339 timestamp: {e.GetString()}");
}
