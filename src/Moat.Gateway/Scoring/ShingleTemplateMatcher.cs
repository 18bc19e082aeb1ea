using System.Text.Json;
using Moat.Contract.Json;
using Moat.Contract.Records;

namespace Moat.Gateway.Scoring;

/// <summary>
/// Matches prompts to campaign templates by the overlap of their word 3-shingles after the same
/// normalisation on both sides (lower case, digits and variable slots collapsed), so that a template
/// filled with different values still matches. Stand-in until Moat.Detection's template sketches
/// are wired in; kept small on purpose.
/// </summary>
public sealed class ShingleTemplateMatcher : ITemplateMatcher
{
    private const double MinOverlap = 0.6;
    private const int MinShingles = 3;

    private sealed record Template(string Id, string? CampaignId, HashSet<ulong> Shingles);

    private volatile Template[] _templates = [];
    // Shingle -> templates containing it, so a prompt is compared only with templates it shares words with.
    private volatile Dictionary<ulong, int[]> _postings = new();

    public int Count => _templates.Length;

    /// <summary>Loads the <c>templates</c> of every campaign in a campaigns.json (the optional extension).</summary>
    public void Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var doc = JsonDocument.Parse(stream);
        var templates = new List<(string Id, string? Campaign, string Text)>();
        if (doc.RootElement.TryGetProperty("campaigns", out var campaigns) && campaigns.ValueKind == JsonValueKind.Array)
        {
            foreach (var campaign in campaigns.EnumerateArray())
            {
                string? campaignId = campaign.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
                if (!campaign.TryGetProperty("templates", out var list) || list.ValueKind != JsonValueKind.Array) continue;
                foreach (var t in list.EnumerateArray())
                {
                    string templateId = t.TryGetProperty("id", out var tid) && tid.ValueKind == JsonValueKind.String ? tid.GetString()! : $"{campaignId}/t{templates.Count}";
                    if (t.TryGetProperty("pattern", out var pattern) && pattern.ValueKind == JsonValueKind.String)
                        templates.Add((templateId, campaignId, pattern.GetString()!));
                    if (t.TryGetProperty("examples", out var examples) && examples.ValueKind == JsonValueKind.Array)
                        foreach (var ex in examples.EnumerateArray())
                            if (ex.ValueKind == JsonValueKind.String) templates.Add((templateId, campaignId, ex.GetString()!));
                }
            }
        }
        Set(templates);
    }

    public void Set(IEnumerable<(string Id, string? CampaignId, string Text)> templates)
    {
        var list = new List<Template>();
        var postings = new Dictionary<ulong, List<int>>();
        foreach (var (id, campaign, text) in templates)
        {
            var shingles = Shingles(text);
            if (shingles.Count < MinShingles) continue;
            int index = list.Count;
            list.Add(new Template(id, campaign, shingles));
            foreach (var s in shingles)
            {
                if (!postings.TryGetValue(s, out var l)) postings[s] = l = [];
                l.Add(index);
            }
        }
        _postings = postings.ToDictionary(p => p.Key, p => p.Value.ToArray());
        _templates = [.. list];
    }

    public bool TryMatch(string prompt, out TemplateMatch match)
    {
        match = default;
        var templates = _templates;
        if (templates.Length == 0) return false;
        var shingles = Shingles(prompt);
        if (shingles.Count < MinShingles) return false;
        var postings = _postings;
        var hits = new Dictionary<int, int>();
        foreach (var s in shingles)
        {
            if (!postings.TryGetValue(s, out var ids)) continue;
            foreach (var i in ids) hits[i] = hits.GetValueOrDefault(i) + 1;
        }
        double best = 0;
        int bestIndex = -1;
        foreach (var (i, common) in hits)
        {
            // Containment of the template in the prompt: a filled template adds text, never removes it.
            double overlap = (double)common / templates[i].Shingles.Count;
            if (overlap > best) { best = overlap; bestIndex = i; }
        }
        if (bestIndex < 0 || best < MinOverlap) return false;
        match = new TemplateMatch(templates[bestIndex].Id, templates[bestIndex].CampaignId);
        return true;
    }

    /// <summary>Hashes of consecutive normalised word triples.</summary>
    internal static HashSet<ulong> Shingles(string text)
    {
        var words = new List<ulong>();
        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !char.IsLetterOrDigit(text[i]) && text[i] != '{' && text[i] != '<') i++;
            if (i >= text.Length) break;
            ulong h = 14695981039346656037UL;
            bool slot = text[i] is '{' or '<';
            bool digits = true;
            int start = i;
            if (slot)
            {
                char close = text[i] == '{' ? '}' : '>';
                while (i < text.Length && text[i] != close) i++;
                i++;
            }
            else
            {
                while (i < text.Length && char.IsLetterOrDigit(text[i]))
                {
                    char c = char.ToLowerInvariant(text[i]);
                    if (!char.IsDigit(c)) digits = false;
                    h = (h ^ c) * 1099511628211UL;
                    i++;
                }
            }
            // Numbers and slots ({topic}, <NUM>) are the template's variables: they all hash alike.
            words.Add(slot || digits ? 0x5107UL : h);
            _ = start;
        }
        var result = new HashSet<ulong>();
        for (int w = 0; w + 2 < words.Count; w++)
            result.Add((words[w] * 31 + words[w + 1]) * 31 + words[w + 2]);
        return result;
    }
}
