using System.Text.Json;
using Moat.Detection.Features;

namespace Moat.Gateway.Scoring;

/// <summary>
/// Matches prompts to the templates of known campaigns with the scan's own sketches
/// (<see cref="PromptNormaliser"/> and <see cref="TemplateSketch"/>): a prompt written from the same
/// template as a campaign's examples shares its LSH band keys whatever the slot values, so a live
/// prompt is recognised the way the scan that found the campaign would have grouped it.
/// </summary>
public sealed class SketchTemplateMatcher : ITemplateMatcher
{
    /// <summary>
    /// Band keys a prompt must share with one template. A filled template repeats its instruction
    /// line, which gives all four bands of that segment; unrelated lines share one band about 15%
    /// of the time, three rarely.
    /// </summary>
    public const int MinSharedBands = 3;

    [ThreadStatic] private static ulong[]? t_tokens;

    private sealed record Index(TemplateMatch[] Templates, Dictionary<ulong, int[]> Postings);

    private volatile Index _index = new([], []);

    public int Count => _index.Templates.Length;

    /// <summary>Loads the <c>templates</c> (optional extension) of every campaign in a campaigns.json.</summary>
    public void Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var doc = JsonDocument.Parse(stream);
        var templates = new List<(string Id, string? CampaignId, string Text)>();
        if (doc.RootElement.TryGetProperty("campaigns", out var campaigns) && campaigns.ValueKind == JsonValueKind.Array)
        {
            foreach (var campaign in campaigns.EnumerateArray())
            {
                string? campaignId = campaign.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
                if (!campaign.TryGetProperty("templates", out var list) || list.ValueKind != JsonValueKind.Array) continue;
                foreach (var t in list.EnumerateArray())
                {
                    string templateId = t.TryGetProperty("id", out var tid) && tid.ValueKind == JsonValueKind.String
                        ? tid.GetString()! : $"{campaignId}/t{templates.Count}";
                    // Examples are raw prompts, sketched exactly like live ones; the pattern is a fallback.
                    bool any = false;
                    if (t.TryGetProperty("examples", out var examples) && examples.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var ex in examples.EnumerateArray())
                        {
                            if (ex.ValueKind != JsonValueKind.String) continue;
                            templates.Add((templateId, campaignId, ex.GetString()!));
                            any = true;
                        }
                    }
                    if (!any && t.TryGetProperty("pattern", out var pattern) && pattern.ValueKind == JsonValueKind.String)
                        templates.Add((templateId, campaignId, pattern.GetString()!));
                }
            }
        }
        Set(templates);
    }

    /// <summary>Replaces the known templates; several texts may share one template id.</summary>
    public void Set(IEnumerable<(string Id, string? CampaignId, string Text)> templates)
    {
        var entries = new List<TemplateMatch>();
        var postings = new Dictionary<ulong, List<int>>();
        Span<ulong> keys = stackalloc ulong[TemplateSketch.Bands];
        foreach (var (id, campaign, text) in templates)
        {
            int n = Keys(text, keys);
            if (n == 0) continue;
            int index = entries.Count;
            entries.Add(new TemplateMatch(id, campaign));
            foreach (var key in keys[..n])
            {
                if (!postings.TryGetValue(key, out var list)) postings[key] = list = [];
                list.Add(index);
            }
        }
        _index = new Index([.. entries], postings.ToDictionary(p => p.Key, p => p.Value.ToArray()));
    }

    public bool TryMatch(string prompt, out TemplateMatch match)
    {
        match = default;
        var index = _index;
        if (index.Templates.Length == 0) return false;
        Span<ulong> keys = stackalloc ulong[TemplateSketch.Bands];
        int n = Keys(prompt, keys);
        if (n == 0) return false;
        // At most 8 keys, so a tiny linear tally beats a dictionary.
        Span<int> candidates = stackalloc int[64];
        Span<int> counts = stackalloc int[64];
        int used = 0, best = -1, bestCount = 0;
        foreach (var key in keys[..n])
        {
            if (!index.Postings.TryGetValue(key, out var ids)) continue;
            foreach (var id in ids)
            {
                int slot = candidates[..used].IndexOf(id);
                if (slot < 0)
                {
                    if (used == candidates.Length) continue;
                    slot = used++;
                    candidates[slot] = id;
                    counts[slot] = 0;
                }
                if (++counts[slot] > bestCount) { bestCount = counts[slot]; best = id; }
            }
        }
        if (best < 0 || bestCount < MinSharedBands) return false;
        match = index.Templates[best];
        return true;
    }

    /// <summary>The prompt's distinct non-empty band keys, each tagged with its band number.</summary>
    private static int Keys(string text, Span<ulong> keys)
    {
        var tokens = t_tokens ??= new ulong[PromptTokens.MaxTokens];
        var shape = PromptNormaliser.Tokenise(text, tokens);
        if (shape.Tokens == 0) return 0;
        var bands = new TemplateBands();
        TemplateSketch.Compute(tokens.AsSpan(0, shape.Tokens), shape.FirstLine, shape.LastLineStart, ref bands);
        int n = 0;
        for (int b = 0; b < TemplateSketch.Bands; b++)
        {
            if (bands[b] == 0) continue;
            ulong key = ((ulong)(uint)b << 32) | bands[b];
            if (keys[..n].IndexOf(key) < 0) keys[n++] = key;
        }
        return n;
    }
}
