using Moat.Contract.Records;

namespace Moat.Reports.Building;

/// <summary>An edge of the drawn graph between nodes <see cref="Source"/> and <see cref="Target"/> (indexes into the nodes).</summary>
public readonly record struct GraphEdge(int Source, int Target, string Kind, double Weight);

/// <summary>A drawn account: its id and the summed weight of its links (its size on the page).</summary>
public readonly record struct GraphNode(string Account, double Strength);

/// <summary>The part of a campaign's link graph the page draws.</summary>
public sealed record LinkGraphView(IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphEdge> Edges, int LinkedAccounts, int TotalLinks);

/// <summary>
/// Caps a campaign's link graph for drawing. A force layout of 25,000 nodes freezes a browser and
/// shows a hairball anyway, so the page draws the most strongly linked accounts (by summed link weight)
/// and the strongest links among them, and says how many it left out.
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

        var ranked = new List<KeyValuePair<string, double>>(strength);
        ranked.Sort((x, y) => y.Value != x.Value ? y.Value.CompareTo(x.Value) : string.CompareOrdinal(x.Key, y.Key));
        int take = Math.Min(maxNodes, ranked.Count);
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
