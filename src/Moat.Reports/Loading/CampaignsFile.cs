using System.Text.Json;
using Moat.Contract.Io;
using Moat.Contract.Records;

namespace Moat.Reports.Loading;

/// <summary>What the report knows from campaigns.json: the campaigns and the optional scan-wide extensions.</summary>
public sealed record CampaignsFile(
    DateTime? GeneratedAt,
    IReadOnlyList<Campaign> Campaigns,
    IReadOnlyList<DailyCount>? OrganicTimeline,
    ScanStats? Stats);

/// <summary>
/// A tolerant reader of campaigns.json (data contract §4 plus docs/contract-notes.md). Unlike the strict
/// contract codec it never throws on a missing or mistyped field: it fills a neutral value and records a
/// note, because the report must still render for an older or partial scan folder.
/// </summary>
public static class CampaignsFileReader
{
    public static CampaignsFile Read(string path, LoadNotes notes)
    {
        JsonDocument doc;
        try
        {
            using var stream = ContractInput.Open(path);
            doc = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            // A broken campaigns.json is an input error the user must fix; there is nothing to show.
            throw new InvalidDataException($"{path}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{path}: expected a JSON object with a \"campaigns\" array");
            var campaigns = new List<Campaign>();
            if (JsonRead.TryArray(root, "campaigns", out var array))
            {
                int index = 0;
                foreach (var c in array.EnumerateArray())
                {
                    index++;
                    if (c.ValueKind != JsonValueKind.Object) { notes.Add($"campaigns.json: campaign #{index} is not an object; skipped"); continue; }
                    campaigns.Add(ReadCampaign(c, index, notes));
                }
            }
            else notes.Add("campaigns.json: no \"campaigns\" array; the report shows no campaigns");

            var stats = root.TryGetProperty("stats", out var s) && s.ValueKind == JsonValueKind.Object
                ? new ScanStats(JsonRead.Long(s, "accounts") ?? 0, JsonRead.Long(s, "exchanges") ?? 0, JsonRead.Long(s, "bad_lines") ?? 0)
                : null;
            return new CampaignsFile(JsonRead.Timestamp(root, "generated_at"), campaigns, ReadTimeline(root, "organic_timeline", "campaigns.json", notes), stats);
        }
    }

    private static Campaign ReadCampaign(JsonElement c, int index, LoadNotes notes)
    {
        string id = JsonRead.String(c, "id") is { Length: > 0 } given ? given : $"campaign-{index}";
        string where = $"campaigns.json: campaign {id}";
        void Missing(string field) => notes.Add($"{where}: no valid \"{field}\"");

        var accounts = new List<string>();
        if (JsonRead.TryArray(c, "accounts", out var accountArray))
        {
            foreach (var a in accountArray.EnumerateArray())
                if (a.ValueKind == JsonValueKind.String && a.GetString() is { Length: > 0 } account) accounts.Add(account);
        }
        else Missing("accounts");

        var capabilities = new Dictionary<string, double>(StringComparer.Ordinal);
        if (c.TryGetProperty("capabilities", out var caps) && caps.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in caps.EnumerateObject())
                if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDouble(out var share) && double.IsFinite(share)) capabilities[p.Name] = share;
        }

        var evidence = new List<Evidence>();
        if (JsonRead.TryArray(c, "evidence", out var evidenceArray))
        {
            foreach (var e in evidenceArray.EnumerateArray())
                evidence.Add(new Evidence(JsonRead.String(e, "kind") ?? "other", JsonRead.String(e, "detail") ?? "", JsonRead.Double(e, "weight") ?? 0));
        }

        var timeline = ReadTimeline(c, "timeline", where, notes);
        var first = JsonRead.Timestamp(c, "first_seen");
        var last = JsonRead.Timestamp(c, "last_seen");
        if (first is null) { Missing("first_seen"); first = timeline is { Count: > 0 } ? timeline[0].Day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : DateTime.MinValue; }
        if (last is null) { Missing("last_seen"); last = timeline is { Count: > 0 } ? timeline[^1].Day.ToDateTime(TimeOnly.MaxValue, DateTimeKind.Utc) : DateTime.MinValue; }
        long? exchanges = JsonRead.Long(c, "exchanges");
        if (exchanges is null) Missing("exchanges");
        double? confidence = JsonRead.Double(c, "confidence");
        if (confidence is null) Missing("confidence");
        string action = JsonRead.String(c, "recommended_action") ?? "review";

        return new Campaign
        {
            Id = id,
            Confidence = Math.Clamp(confidence ?? 0, 0, 1),
            Accounts = accounts,
            Exchanges = exchanges ?? SumOrZero(timeline),
            FirstSeen = first.Value,
            LastSeen = last.Value,
            Capabilities = capabilities,
            Evidence = evidence,
            RecommendedAction = action,
            Timeline = timeline,
            HourOfDay = ReadHours(c, where, notes),
            Links = ReadLinks(c, where, notes),
            Templates = ReadTemplates(c),
        };
    }

    private static long SumOrZero(IReadOnlyList<DailyCount>? timeline)
    {
        long sum = 0;
        if (timeline is not null) foreach (var d in timeline) sum += d.Exchanges;
        return sum;
    }

    private static List<DailyCount>? ReadTimeline(JsonElement parent, string name, string where, LoadNotes notes)
    {
        if (!JsonRead.TryArray(parent, name, out var array)) return null;
        var days = new List<DailyCount>();
        int skipped = 0;
        foreach (var d in array.EnumerateArray())
        {
            if (JsonRead.Day(JsonRead.String(d, "day")) is { } day && JsonRead.Long(d, "exchanges") is { } n) days.Add(new DailyCount(day, n));
            else skipped++;
        }
        if (skipped > 0) notes.Add($"{where}: {skipped} \"{name}\" entries without a valid day and exchanges; skipped");
        days.Sort((x, y) => x.Day.CompareTo(y.Day));
        return days;
    }

    private static List<long>? ReadHours(JsonElement c, string where, LoadNotes notes)
    {
        if (!JsonRead.TryArray(c, "hour_of_day", out var array)) return null;
        var hours = new List<long>(24);
        foreach (var h in array.EnumerateArray())
            hours.Add(h.ValueKind == JsonValueKind.Number && h.TryGetInt64(out var n) ? n : 0);
        if (hours.Count != 24)
        {
            notes.Add($"{where}: \"hour_of_day\" has {hours.Count} entries instead of 24; not drawn");
            return null;
        }
        return hours;
    }

    private static List<AccountLink>? ReadLinks(JsonElement c, string where, LoadNotes notes)
    {
        if (!JsonRead.TryArray(c, "links", out var array)) return null;
        var links = new List<AccountLink>(array.GetArrayLength());
        int skipped = 0;
        foreach (var l in array.EnumerateArray())
        {
            if (JsonRead.String(l, "a") is { Length: > 0 } a && JsonRead.String(l, "b") is { Length: > 0 } b)
                links.Add(new AccountLink(a, b, JsonRead.String(l, "kind") ?? "other", JsonRead.Double(l, "weight") ?? 0, JsonRead.String(l, "detail") ?? ""));
            else skipped++;
        }
        if (skipped > 0) notes.Add($"{where}: {skipped} links without both accounts; skipped");
        return links;
    }

    private static List<TemplateSummary>? ReadTemplates(JsonElement c)
    {
        if (!JsonRead.TryArray(c, "templates", out var array)) return null;
        var templates = new List<TemplateSummary>();
        int index = 0;
        foreach (var t in array.EnumerateArray())
        {
            index++;
            var examples = new List<string>();
            if (JsonRead.TryArray(t, "examples", out var ex))
                foreach (var e in ex.EnumerateArray())
                    if (e.ValueKind == JsonValueKind.String) examples.Add(e.GetString()!);
            templates.Add(new TemplateSummary(
                JsonRead.String(t, "id") ?? $"t{index}",
                JsonRead.String(t, "pattern") ?? "",
                JsonRead.Long(t, "exchanges") ?? 0,
                (int)Math.Clamp(JsonRead.Long(t, "accounts") ?? 0, 0, int.MaxValue),
                examples));
        }
        return templates;
    }
}
