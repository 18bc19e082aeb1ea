using Moat.Contract.Records;
using Moat.Detection.Features;
using Moat.Detection.Linking;
using Moat.Detection.Scan;

namespace Moat.Detection.Campaigns;

/// <summary>
/// Explains a campaign in readable evidence: what links its accounts (by kind, with the most
/// common concrete value) and how its accounts behave (signals strong across the members).
/// Weights are shares of the total, strongest first.
/// </summary>
public static class CampaignEvidence
{
    public static List<Evidence> Explain(CampaignCluster cluster, ScanResult result)
    {
        var items = new List<Evidence>();
        var byKind = new Dictionary<string, (double Weight, int Pairs, Dictionary<string, int> Details)>(StringComparer.Ordinal);
        foreach (var p in cluster.InternalLinks)
        {
            foreach (var r in p.Reasons)
            {
                var (w, n, details) = byKind.GetValueOrDefault(r.Kind);
                details ??= new Dictionary<string, int>(StringComparer.Ordinal);
                details[r.Detail] = details.GetValueOrDefault(r.Detail) + 1;
                byKind[r.Kind] = (w + r.Weight, n + 1, details);
            }
        }
        int possiblePairs = cluster.Members.Count * (cluster.Members.Count - 1) / 2;
        foreach (var (kind, (weight, pairs, details)) in byKind)
        {
            var common = details.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).First().Key;
            items.Add(new Evidence($"link:{kind}", $"{pairs} of {possiblePairs} account pairs linked; e.g. {common}", weight));
        }

        if (cluster.JoinReasons.Count > 0)
        {
            // Late accounts with little traffic that joined by the campaign's infrastructure, not by behaviour.
            string example = cluster.JoinReasons.OrderBy(kv => kv.Key).First().Value;
            items.Add(new Evidence("footprint", $"{cluster.JoinReasons.Count} accounts joined by sharing the campaign's footprint; e.g. {example}", cluster.JoinReasons.Count));
        }

        var members = cluster.Members;
        var sums = new Dictionary<string, (double Value, double Weight, int Strong, string Example)>(StringComparer.Ordinal);
        foreach (int m in members)
        {
            foreach (var s in result.Signals[m])
            {
                var (v, w, strong, example) = sums.GetValueOrDefault(s.Name);
                sums[s.Name] = (v + s.Value, s.Weight, strong + (s.Value >= 0.5 ? 1 : 0), example ?? s.Reason);
            }
        }
        foreach (var (name, (value, weight, strong, example)) in sums)
        {
            double mean = value / members.Count;
            if (mean < 0.5) continue;
            items.Add(new Evidence($"behaviour:{name}", $"{strong} of {members.Count} accounts; e.g. {example}", mean * weight * members.Count / 2));
        }

        double total = items.Sum(e => e.Weight);
        return items
            .Select(e => e with { Weight = total == 0 ? 0 : e.Weight / total })
            .OrderByDescending(e => e.Weight).ThenBy(e => e.Kind, StringComparer.Ordinal)
            .ToList();
    }
}
