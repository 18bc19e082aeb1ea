using Moat.Detection.Features;
using Moat.Detection.Linking;
using Moat.Detection.Scan;

namespace Moat.Detection.Campaigns;

/// <summary>
/// Finds campaigns in the link graph. Accounts that behave organically are peeled off first, so
/// an organic bystander on a shared network cannot glue two groups together; strong links then
/// form components; each component is peeled FRAUDAR-style to its densest core (the ratio of link
/// weight plus suspicion to size, which camouflage edges to organic accounts cannot raise), and
/// the peeled accounts stay only if they are strongly tied to that core. A group that is a
/// declared, verified organisation is open about itself and is not a hidden network.
/// </summary>
public sealed class CampaignFinder(DetectionSettings settings)
{
    public List<CampaignCluster> Find(IReadOnlyList<AccountBehaviour> accounts, double[] suspicion, AccountLinkGraph graph)
    {
        int n = accounts.Count;
        var uf = new UnionFind(n);
        var strong = new List<AccountLinkGraph.Pair>();
        foreach (var p in graph.Pairs)
        {
            if (p.Weight < settings.StrongLink) continue;
            if (suspicion[p.A] < settings.MemberSuspicion || suspicion[p.B] < settings.MemberSuspicion) continue;
            strong.Add(p);
            uf.Union(p.A, p.B);
        }

        var components = new Dictionary<int, List<int>>();
        foreach (var p in strong)
        {
            int root = uf.Find(p.A);
            if (!components.TryGetValue(root, out var list)) components[root] = list = [];
        }
        var seen = new HashSet<int>();
        foreach (var p in strong)
        {
            foreach (int x in (ReadOnlySpan<int>)[p.A, p.B])
                if (seen.Add(x)) components[uf.Find(x)].Add(x);
        }
        var linksByRoot = new Dictionary<int, List<AccountLinkGraph.Pair>>();
        foreach (var p in strong)
        {
            int root = uf.Find(p.A);
            if (!linksByRoot.TryGetValue(root, out var list)) linksByRoot[root] = list = [];
            list.Add(p);
        }

        var result = new List<CampaignCluster>();
        foreach (var (root, members) in components)
        {
            if (members.Count < 2) continue;
            var core = DenseCore(members, linksByRoot[root], suspicion);
            if (core.Count < 2 || IsDeclaredOrganisation(core, accounts)) continue;
            var coreSet = new HashSet<int>(core);
            var links = linksByRoot[root].Where(p => coreSet.Contains(p.A) && coreSet.Contains(p.B)).ToList();
            double meanS = core.Average(i => suspicion[i]);
            double density = links.Sum(p => p.Weight) / core.Count;
            double confidence = Math.Clamp(0.55 * Math.Min(1, meanS / 0.55) + 0.25 * Math.Min(1, density / 3) + 0.2 * Math.Min(1, Math.Log2(core.Count) / 4), 0, 1);
            if (confidence < settings.CampaignConfidence) continue;
            core.Sort();
            result.Add(new CampaignCluster { Members = core, InternalLinks = links, MeanSuspicion = meanS, LinkDensity = density, Confidence = confidence });
        }
        result.Sort((x, y) => y.Members.Count != x.Members.Count ? y.Members.Count.CompareTo(x.Members.Count) : x.Members[0].CompareTo(y.Members[0]));
        return result;
    }

    /// <summary>
    /// Greedy densest-subgraph peeling (FRAUDAR's objective with suspicion as node prior): remove the
    /// account with the least weight until one is left and keep the densest prefix; then re-admit
    /// peeled accounts with at least a strong link's weight into the core.
    /// </summary>
    private List<int> DenseCore(List<int> members, List<AccountLinkGraph.Pair> links, double[] suspicion)
    {
        if (members.Count <= 3) return [.. members];
        var index = new Dictionary<int, int>(members.Count);
        for (int i = 0; i < members.Count; i++) index[members[i]] = i;
        var adjacency = new List<(int Other, double Weight)>[members.Count];
        for (int i = 0; i < members.Count; i++) adjacency[i] = [];
        var degree = new double[members.Count];
        double total = 0;
        for (int i = 0; i < members.Count; i++) { degree[i] = suspicion[members[i]]; total += degree[i]; }
        foreach (var p in links)
        {
            int a = index[p.A], b = index[p.B];
            adjacency[a].Add((b, p.Weight));
            adjacency[b].Add((a, p.Weight));
            degree[a] += p.Weight;
            degree[b] += p.Weight;
            total += p.Weight;
        }

        var removed = new bool[members.Count];
        var order = new List<int>(members.Count);
        var heap = new PriorityQueue<int, double>();
        for (int i = 0; i < members.Count; i++) heap.Enqueue(i, degree[i]);
        double bestDensity = total / members.Count;
        int bestRemoved = 0;
        int alive = members.Count;
        while (alive > 2 && heap.TryDequeue(out int v, out double d))
        {
            if (removed[v] || d != degree[v]) continue;
            removed[v] = true;
            order.Add(v);
            alive--;
            total -= degree[v];
            foreach (var (o, w) in adjacency[v])
            {
                if (removed[o]) continue;
                degree[o] -= w;
                heap.Enqueue(o, degree[o]);
            }
            double density = total / alive;
            if (density > bestDensity * 1.0001) { bestDensity = density; bestRemoved = order.Count; }
        }

        var inCore = new bool[members.Count];
        Array.Fill(inCore, true);
        for (int k = 0; k < bestRemoved; k++) inCore[order[k]] = false;
        // Re-admit peeled accounts that are strongly tied to the core: peeling removes the loosely
        // knit edge of a genuine fleet too, not only camouflage.
        for (int k = bestRemoved - 1; k >= 0; k--)
        {
            int v = order[k];
            double tie = 0;
            foreach (var (o, w) in adjacency[v]) if (inCore[o]) tie += w;
            if (tie >= settings.StrongLink) inCore[v] = true;
        }
        var core = new List<int>();
        for (int i = 0; i < members.Count; i++) if (inCore[i]) core.Add(members[i]);
        return core;
    }

    private static bool IsDeclaredOrganisation(List<int> members, IReadOnlyList<AccountBehaviour> accounts)
    {
        var orgs = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (int m in members)
        {
            var a = accounts[m];
            if (a.Registry?.Verified != true) continue;
            string? org = a.Registry.OrgId ?? a.DeclaredOrg;
            if (org is not null) orgs[org] = orgs.GetValueOrDefault(org) + 1;
        }
        foreach (var count in orgs.Values) if (count >= 0.8 * members.Count) return true;
        return false;
    }
}
