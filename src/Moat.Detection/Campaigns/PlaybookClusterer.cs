using Moat.Detection.Features;
using Moat.Detection.Linking;
using Moat.Detection.Scan;

namespace Moat.Detection.Campaigns;

/// <summary>
/// The second look, for campaigns that hide their links (no shared payments, one sticky address per
/// account, human rhythm): once the established campaigns are known, their templates are a playbook.
/// Suspicious, unverified accounts outside every established campaign whose traffic mostly follows
/// that playbook are grouped by how alike their template mixes are (cosine), so one operation's
/// accounts come together while an operation using a different slice of the playbook stays apart.
/// Small fragments found through weak links dissolve into the group they belong to.
/// </summary>
public sealed class PlaybookClusterer(DetectionSettings settings)
{
    public const int Established = 5;

    /// <summary>Reports the pairwise step with its candidate count, which sets its cost (quadratic), for a scan's --timings.</summary>
    public Action<string>? OnStep { get; init; }

    public List<CampaignCluster> Extend(List<CampaignCluster> clusters, IReadOnlyList<AccountBehaviour> accounts,
        IReadOnlyList<MinedTemplate> templates, double[] suspicion, AccountLinkGraph graph)
    {
        // A fragment is a campaign too small to stand alone as an operation of its own.
        var established = new bool[accounts.Count];
        var inFragment = new bool[accounts.Count];
        var standsAlone = new bool[accounts.Count];
        foreach (var c in clusters)
        {
            if (c.Members.Count >= Established) foreach (int m in c.Members) established[m] = true;
            foreach (int m in c.Members) (IsFragment(c) ? inFragment : standsAlone)[m] = true;
        }

        // A playbook template is one used mostly by harvesting accounts: members of the established
        // campaigns, or unverified accounts outside them whose own behaviour is clearly suspicious.
        var playbook = new bool[templates.Count];
        int playbookTemplates = 0;
        foreach (var t in templates)
        {
            if (t.Accounts.Count < 3) continue;
            int harvesting = 0;
            foreach (int a in t.Accounts)
            {
                if (established[a] || (accounts[a].Registry?.Verified != true && suspicion[a] >= settings.PlaybookTemplateSuspicion)) harvesting++;
            }
            if (harvesting >= 0.6 * t.Accounts.Count) { playbook[t.Id] = true; playbookTemplates++; }
        }
        if (playbookTemplates == 0) return MergeSamePlaybook(clusters, accounts, suspicion);

        var candidates = new List<int>();
        for (int i = 0; i < accounts.Count; i++)
        {
            var a = accounts[i];
            // Members of a fragment (a campaign too small to stand alone) are candidates too, so that a
            // few accounts found by their shared sign-up address come together with the rest of their
            // operation found by its playbook (Reconcile keeps or moves the fragment whole).
            if (standsAlone[i] || a.Registry?.Verified == true || suspicion[i] < settings.PlaybookSuspicion || a.Exchanges < 10) continue;
            long onPlaybook = 0;
            for (int k = 0; k < a.Templates.Count; k++) if (playbook[a.Templates.Key(k)]) onPlaybook += a.Templates.CountOf(k);
            if (onPlaybook >= 0.4 * a.Exchanges) candidates.Add(i);
        }
        if (candidates.Count < 3) return AttachByPlaybook(MergeSamePlaybook(clusters, accounts, suspicion), accounts, playbook, suspicion);

        OnStep?.Invoke($"campaigns: playbook pairs of {candidates.Count:N0} candidates");
        // Every candidate pair is compared (cosine needs no shared link), so the comparison is made
        // cheap and spread over the cores: each candidate's playbook vector is built once, and each
        // row's matches are kept apart so the result does not depend on thread timing.
        var vectors = new PlaybookVector[candidates.Count];
        for (int x = 0; x < candidates.Count; x++) vectors[x] = PlaybookVector.Of(accounts[candidates[x]], playbook);
        // One operation of thousands of candidates matches itself pair by pair (millions of pairs):
        // every match joins the union, but only each row's strongest LinksPerAccount become evidence
        // links; the weight of the rest still counts towards the group's link density.
        var matches = new PlaybookMatches?[candidates.Count];
        Parallel.For(0, candidates.Count, x =>
        {
            for (int y = x + 1; y < candidates.Count; y++)
            {
                double cosine = PlaybookVector.Cosine(vectors[x], vectors[y], out int shared);
                if (shared < 2 || cosine < settings.PlaybookCosine) continue;
                (matches[x] ??= new PlaybookMatches()).Add(y, cosine, shared);
            }
        });

        var uf = new UnionFind(accounts.Count);
        var links = new List<AccountLinkGraph.Pair>();
        var unlinkedWeight = new Dictionary<int, double>();
        for (int x = 0; x < candidates.Count; x++)
        {
            if (matches[x] is not { } row) continue;
            foreach (int y in row.All) uf.Union(candidates[x], candidates[y]);
            if (row.DroppedWeight > 0) unlinkedWeight[candidates[x]] = row.DroppedWeight;
            foreach (var (y, cosine, shared) in row.Strongest)
            {
                var (a, b) = (accounts[candidates[x]], accounts[candidates[y]]);
                var pair = new AccountLinkGraph.Pair(Math.Min(a.Index, b.Index), Math.Max(a.Index, b.Index)) { Weight = cosine };
                pair.Reasons.Add(new LinkReason(LinkKinds.TemplateMix, cosine, $"same mix of {shared} campaign-playbook templates (cosine {cosine:0.00})"));
                if (graph.Find(a.Index, b.Index) is { } existing)
                {
                    foreach (var r in existing.Reasons) { pair.Reasons.Add(r); pair.Weight += r.Weight; }
                }
                links.Add(pair);
            }
        }

        var groups = new Dictionary<int, List<int>>();
        foreach (int i in candidates)
        {
            int root = uf.Find(i);
            if (!groups.TryGetValue(root, out var g)) groups[root] = g = [];
            g.Add(i);
        }
        var fragmentLinks = Reconcile(clusters, groups);
        DropUnlike(groups, accounts, inFragment);
        // Both ends of a link were united, so a group's inner links are exactly those under its root.
        // (Filtering every link per group was quadratic: 3.5 minutes on an incident-scale sample.)
        var linksByRoot = new Dictionary<int, List<AccountLinkGraph.Pair>>();
        foreach (var p in links)
        {
            int root = uf.Find(p.A);
            if (!linksByRoot.TryGetValue(root, out var list)) linksByRoot[root] = list = [];
            list.Add(p);
        }
        var absorbed = new HashSet<int>();
        var result = new List<CampaignCluster>();
        foreach (var (root, g) in groups)
        {
            if (g.Count < 3) continue;
            g.Sort();
            // A fragment member that stayed with its fragment leaves its playbook links behind.
            var inGroup = new HashSet<int>(g);
            var inner = (linksByRoot.GetValueOrDefault(root) ?? []).Where(p => inGroup.Contains(p.A) && inGroup.Contains(p.B)).ToList();
            if (fragmentLinks.TryGetValue(root, out var moved)) inner.AddRange(moved);
            double meanS = g.Average(i => suspicion[i]);
            double unlinked = 0;
            foreach (int m in g) unlinked += unlinkedWeight.GetValueOrDefault(m);
            double density = (inner.Sum(p => p.Weight) + unlinked) / g.Count;
            double confidence = Math.Clamp(0.5 * Math.Min(1, meanS / 0.55) + 0.3 * Math.Min(1, density / 3) + 0.2 * Math.Min(1, Math.Log2(g.Count) / 4), 0, 1);
            if (confidence < settings.CampaignConfidence) continue;
            foreach (int m in g) absorbed.Add(m);
            result.Add(new CampaignCluster { Members = g, InternalLinks = inner, MeanSuspicion = meanS, LinkDensity = density, Confidence = confidence });
        }
        // Keep earlier clusters unless their members were absorbed into a reported playbook group.
        foreach (var c in clusters)
            if (!c.Members.Any(absorbed.Contains)) result.Add(c);
        return AttachByPlaybook(MergeSamePlaybook(result, accounts, suspicion), accounts, playbook, suspicion);
    }

    /// <summary>
    /// A fragment is kept whole: when a playbook group holds at least half of a fragment's members,
    /// the whole fragment moves into that group (with its links); otherwise its members leave the
    /// playbook groups and the fragment stays as it was. Returns the moved fragments' links by group root.
    /// </summary>
    private Dictionary<int, List<AccountLinkGraph.Pair>> Reconcile(List<CampaignCluster> clusters, Dictionary<int, List<int>> groups)
    {
        var moved = new Dictionary<int, List<AccountLinkGraph.Pair>>();
        var inGroup = new Dictionary<int, int>();
        foreach (var (root, g) in groups) foreach (int m in g) inGroup[m] = root;
        foreach (var c in clusters)
        {
            if (!IsFragment(c)) continue;
            var counts = new Dictionary<int, int>();
            foreach (int m in c.Members)
                if (inGroup.TryGetValue(m, out int root) && groups[root].Count >= 3) counts[root] = counts.GetValueOrDefault(root) + 1;
            if (counts.Count == 0) continue;
            int best = -1, most = 0;
            foreach (var (root, n) in counts) if (n > most || (n == most && root < best)) (best, most) = (root, n);
            foreach (int m in c.Members)
            {
                if (inGroup.TryGetValue(m, out int root)) { groups[root].Remove(m); inGroup.Remove(m); }
                if (2 * most < c.Members.Count) continue;
                groups[best].Add(m);
                inGroup[m] = best;
            }
            if (2 * most >= c.Members.Count)
            {
                if (!moved.TryGetValue(best, out var list)) moved[best] = list = [];
                list.AddRange(c.InternalLinks);
            }
        }
        return moved;
    }

    /// <summary>
    /// Operations drawing on one template library overlap in prompts, and pairs chain: late
    /// replacements of another operation can join a group through one pair that just clears the
    /// bars. One operation's accounts also do the same things (capability mix, reasoning, tools), so
    /// a member whose behaviour profile is far from its group's mean profile (cosine under
    /// <see cref="DetectionSettings.PlaybookBehaviourCosine"/>) leaves the group; members of a
    /// fragment that moved in stay, their fragment was found by its links.
    /// </summary>
    private void DropUnlike(Dictionary<int, List<int>> groups, IReadOnlyList<AccountBehaviour> accounts, bool[] inFragment)
    {
        foreach (var g in groups.Values)
        {
            if (g.Count < 3) continue;
            var sum = ProfileSum(g, accounts);
            g.RemoveAll(m => !inFragment[m] && BehaviourProfile.Cosine(BehaviourProfile.Of(accounts[m]), sum) < settings.PlaybookBehaviourCosine);
        }
    }

    private bool IsFragment(CampaignCluster c) => c.Members.Count < settings.SeparateOperationAccounts;

    /// <summary>Exchanges from which an account's behaviour profile is compared with a campaign's.</summary>
    private const int JudgeableProfile = 10;

    /// <summary>The sum of the members' behaviour profiles: the mean profile's direction, which is all a cosine needs.</summary>
    private static double[] ProfileSum(List<int> members, IReadOnlyList<AccountBehaviour> accounts)
    {
        var sum = new double[BehaviourProfile.Length];
        foreach (int m in members)
        {
            var p = BehaviourProfile.Of(accounts[m]);
            for (int k = 0; k < sum.Length; k++) sum[k] += p[k];
        }
        return sum;
    }

    /// <summary>
    /// Attaches a low-volume suspicious account (a late replacement with a handful of exchanges)
    /// to the campaign whose template mix its own playbook traffic matches (cosine ≥ 0.9).
    /// </summary>
    private List<CampaignCluster> AttachByPlaybook(List<CampaignCluster> clusters, IReadOnlyList<AccountBehaviour> accounts, bool[] playbook, double[] suspicion)
    {
        var member = new bool[accounts.Count];
        foreach (var c in clusters) foreach (int m in c.Members) member[m] = true;
        var centroids = clusters.Select(c => Centroid(c.Members, accounts)).ToList();
        List<double[]>? profileSums = null;
        var joiners = new List<int>[clusters.Count];
        for (int i = 0; i < accounts.Count; i++)
        {
            var a = accounts[i];
            if (member[i] || a.Registry?.Verified == true || suspicion[i] < settings.PlaybookSuspicion || a.Exchanges < 3) continue;
            long onPlaybook = 0;
            for (int k = 0; k < a.Templates.Count; k++) if (playbook[a.Templates.Key(k)]) onPlaybook += a.Templates.CountOf(k);
            if (onPlaybook < 0.5 * a.Exchanges) continue;
            var own = Centroid([i], accounts);
            // With enough traffic for its behaviour to say something, it must also behave like the campaign.
            double[]? profile = a.Exchanges >= JudgeableProfile ? BehaviourProfile.Of(a) : null;
            if (profile is not null) profileSums ??= [.. clusters.Select(c => ProfileSum(c.Members, accounts))];
            int best = -1;
            double bestCosine = 0.9;
            for (int c = 0; c < clusters.Count; c++)
            {
                double cosine = Cosine(own, centroids[c]);
                if (cosine < bestCosine) continue;
                if (profile is not null && BehaviourProfile.Cosine(profile, profileSums![c]) < settings.PlaybookBehaviourCosine) continue;
                bestCosine = cosine;
                best = c;
            }
            if (best >= 0) (joiners[best] ??= []).Add(i);
        }
        var result = new List<CampaignCluster>(clusters.Count);
        for (int c = 0; c < clusters.Count; c++)
        {
            if (joiners[c] is null) { result.Add(clusters[c]); continue; }
            var members = clusters[c].Members.Concat(joiners[c]).Order().ToList();
            result.Add(new CampaignCluster
            {
                Members = members, InternalLinks = clusters[c].InternalLinks, MeanSuspicion = members.Average(i => suspicion[i]),
                LinkDensity = clusters[c].LinkDensity, Confidence = clusters[c].Confidence,
            });
        }
        return result;
    }

    /// <summary>
    /// Merges clusters whose members send the same template mix (cosine of the clusters' mean
    /// template shares ≥ <see cref="DetectionSettings.SamePlaybookCosine"/>): one operation found in
    /// two pieces, e.g. a few accounts that also shared sign-up addresses and the rest by playbook.
    /// </summary>
    private List<CampaignCluster> MergeSamePlaybook(List<CampaignCluster> clusters, IReadOnlyList<AccountBehaviour> accounts, double[] suspicion)
    {
        var centroids = clusters.Select(c => Centroid(c.Members, accounts)).ToList();
        // Most alike pairs first. Two groups that each stand on their own (≥ 10 accounts, knit by
        // their own links) and share only prompts are two operations running one toolkit, so a
        // union that would put two such groups together is refused; a fragment joins the group it
        // is most like.
        var pairs = new List<(double Cosine, int I, int J)>();
        for (int i = 0; i < clusters.Count; i++)
            for (int j = i + 1; j < clusters.Count; j++)
            {
                double cosine = Cosine(centroids[i], centroids[j]);
                if (cosine >= settings.SamePlaybookCosine) pairs.Add((cosine, i, j));
            }
        pairs.Sort((x, y) => y.Cosine != x.Cosine ? y.Cosine.CompareTo(x.Cosine) : x.I != y.I ? x.I.CompareTo(y.I) : x.J.CompareTo(y.J));
        var uf = new UnionFind(clusters.Count);
        var standsAlone = new bool[clusters.Count];
        for (int i = 0; i < clusters.Count; i++) standsAlone[i] = !IsFragment(clusters[i]);
        foreach (var (_, i, j) in pairs)
        {
            int ri = uf.Find(i), rj = uf.Find(j);
            if (ri == rj || (standsAlone[ri] && standsAlone[rj])) continue;
            bool alone = standsAlone[ri] || standsAlone[rj];
            uf.Union(ri, rj);
            standsAlone[uf.Find(ri)] = alone;
        }
        var merged = new Dictionary<int, List<int>>();
        for (int i = 0; i < clusters.Count; i++)
        {
            int root = uf.Find(i);
            if (!merged.TryGetValue(root, out var list)) merged[root] = list = [];
            list.Add(i);
        }
        var result = new List<CampaignCluster>();
        foreach (var group in merged.Values)
        {
            if (group.Count == 1) { result.Add(clusters[group[0]]); continue; }
            var members = group.SelectMany(i => clusters[i].Members).Distinct().Order().ToList();
            var links = group.SelectMany(i => clusters[i].InternalLinks).ToList();
            result.Add(new CampaignCluster
            {
                Members = members, InternalLinks = links, MeanSuspicion = members.Average(i => suspicion[i]),
                LinkDensity = links.Sum(p => p.Weight) / members.Count, Confidence = group.Max(i => clusters[i].Confidence),
            });
        }
        result.Sort((x, y) => y.Members.Count != x.Members.Count ? y.Members.Count.CompareTo(x.Members.Count) : x.Members[0].CompareTo(y.Members[0]));
        return result;
    }

    private static Dictionary<int, double> Centroid(List<int> members, IReadOnlyList<AccountBehaviour> accounts)
    {
        var centroid = new Dictionary<int, double>();
        foreach (int m in members)
        {
            var a = accounts[m];
            for (int k = 0; k < a.Templates.Count; k++)
                centroid[a.Templates.Key(k)] = centroid.GetValueOrDefault(a.Templates.Key(k)) + a.Templates.CountOf(k) / (double)Math.Max(1, a.Exchanges);
        }
        return centroid;
    }

    private static double Cosine(Dictionary<int, double> x, Dictionary<int, double> y)
    {
        double dot = 0, nx = 0, ny = 0;
        foreach (var (k, v) in x) { dot += v * y.GetValueOrDefault(k); nx += v * v; }
        foreach (var v in y.Values) ny += v * v;
        return nx == 0 || ny == 0 ? 0 : dot / Math.Sqrt(nx * ny);
    }
}
