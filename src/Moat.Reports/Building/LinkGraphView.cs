using Moat.Contract.Records;

namespace Moat.Reports.Building;

/// <summary>An edge of the drawn graph between nodes <see cref="Source"/> and <see cref="Target"/> (indexes into the nodes).</summary>
public readonly record struct GraphEdge(int Source, int Target, string Kind, double Weight);

/// <summary>A drawn account: its id and the summed weight of its links (its size on the page).</summary>
public readonly record struct GraphNode(string Account, double Strength);

/// <summary>The part of a campaign's link graph the page draws.</summary>
public sealed record LinkGraphView(IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphEdge> Edges, int LinkedAccounts, int TotalLinks);

/// <summary>
/// Caps a campaign's link graph for drawing. A layout of 25,000 nodes freezes a browser and shows a
/// hairball anyway, so the page draws the accounts on the strongest links and the strongest links among
/// them, and says how many it left out.
/// </summary>
public static class LinkGraphSampler
{
    public const int MaxNodes = 300;
    public const int MaxEdges = 1500;

    public static LinkGraphView? Sample(IReadOnlyList<AccountLink>? links, int maxNodes = MaxNodes, int maxEdges = MaxEdges)
    {
        if (links is null || links.Count == 0) return null;
        var strength = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var l in links)
        {
            if (l.A == l.B) continue;
            double w = Math.Max(l.Weight, 0);
            strength[l.A] = strength.GetValueOrDefault(l.A) + w;
            strength[l.B] = strength.GetValueOrDefault(l.B) + w;
        }
        if (strength.Count == 0) return null;

        var chosen = strength.Count <= maxNodes ? new HashSet<string>(strength.Keys, StringComparer.Ordinal) : GrowAlongStrongestLinks(links, strength, maxNodes);

        var ranked = new List<KeyValuePair<string, double>>(chosen.Count);
        foreach (var account in chosen) ranked.Add(new(account, strength[account]));
        ranked.Sort((x, y) => y.Value != x.Value ? y.Value.CompareTo(x.Value) : string.CompareOrdinal(x.Key, y.Key));
        int take = ranked.Count;
        var index = new Dictionary<string, int>(take, StringComparer.Ordinal);
        var nodes = new List<GraphNode>(take);
        for (int i = 0; i < take; i++)
        {
            index[ranked[i].Key] = i;
            nodes.Add(new GraphNode(ranked[i].Key, ranked[i].Value));
        }

        var edges = new List<GraphEdge>();
        foreach (var l in links)
        {
            if (l.A == l.B || !index.TryGetValue(l.A, out var a) || !index.TryGetValue(l.B, out var b)) continue;
            edges.Add(new GraphEdge(a, b, l.Kind, l.Weight));
        }
        if (edges.Count > maxEdges)
        {
            edges.Sort((x, y) => y.Weight.CompareTo(x.Weight));
            edges.RemoveRange(maxEdges, edges.Count - maxEdges);
        }
        return new LinkGraphView(nodes, edges, strength.Count, links.Count);
    }

    /// <summary>
    /// Picks accounts the way an investigator reads a network: start at the most strongly linked account,
    /// follow its strongest links outwards (a maximum spanning forest, grown Prim-style), and start again
    /// from the next strongest account when a group is exhausted. The drawn part is then made of the
    /// campaign's densest groups with their links, not of strong accounts scattered without links between them.
    /// </summary>
    private static HashSet<string> GrowAlongStrongestLinks(IReadOnlyList<AccountLink> links, Dictionary<string, double> strength, int maxNodes)
    {
        var adjacency = new Dictionary<string, List<int>>(strength.Count, StringComparer.Ordinal);
        for (int i = 0; i < links.Count; i++)
        {
            var l = links[i];
            if (l.A == l.B) continue;
            if (!adjacency.TryGetValue(l.A, out var a)) adjacency[l.A] = a = [];
            if (!adjacency.TryGetValue(l.B, out var b)) adjacency[l.B] = b = [];
            a.Add(i);
            b.Add(i);
        }
        var seeds = new List<KeyValuePair<string, double>>(strength);
        seeds.Sort((x, y) => y.Value != x.Value ? y.Value.CompareTo(x.Value) : string.CompareOrdinal(x.Key, y.Key));

        var chosen = new HashSet<string>(StringComparer.Ordinal);
        var frontier = new PriorityQueue<int, double>(); // link index, by descending weight
        int nextSeed = 0;
        void Take(string account)
        {
            chosen.Add(account);
            foreach (var i in adjacency[account])
            {
                var other = links[i].A == account ? links[i].B : links[i].A;
                if (!chosen.Contains(other)) frontier.Enqueue(i, -links[i].Weight);
            }
        }
        while (chosen.Count < maxNodes)
        {
            if (frontier.TryDequeue(out var link, out _))
            {
                var l = links[link];
                var account = chosen.Contains(l.A) ? l.B : l.A;
                if (!chosen.Contains(account)) Take(account);
                continue;
            }
            while (nextSeed < seeds.Count && chosen.Contains(seeds[nextSeed].Key)) nextSeed++;
            if (nextSeed == seeds.Count) break;
            Take(seeds[nextSeed].Key);
        }
        return chosen;
    }

    /// <summary>The <paramref name="count"/> strongest links, for the evidence table.</summary>
    public static IReadOnlyList<AccountLink> Strongest(IReadOnlyList<AccountLink>? links, int count)
    {
        if (links is null || links.Count == 0) return [];
        var sorted = new List<AccountLink>(links);
        sorted.Sort((x, y) => y.Weight != x.Weight ? y.Weight.CompareTo(x.Weight) : string.CompareOrdinal(x.Kind, y.Kind));
        if (sorted.Count > count) sorted.RemoveRange(count, sorted.Count - count);
        return sorted;
    }
}
