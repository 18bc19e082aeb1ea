using Moat.Detection.Features;
using Moat.Detection.Scan;

namespace Moat.Detection.Linking;

/// <summary>
/// Builds the <see cref="AccountLinkGraph"/> from what accounts share. Identity links (payment
/// instrument, sign-up IP) are strong by nature; network links (exchange IPs and prefixes, client
/// fingerprints, e-mail domains, sign-up bursts) are weighted by rarity and by how alike the two
/// accounts behave; shared rare templates link accounts through the account–template bipartite
/// graph; synchrony strengthens pairs that are already linked. Links inside a declared, verified
/// organisation are open, not hidden, and are left out.
/// </summary>
public sealed class AccountLinker(DetectionSettings settings)
{
    private sealed class Groups : Dictionary<string, List<int>>
    {
        public Groups() : base(StringComparer.Ordinal) { }

        public void Add(string? value, int account)
        {
            if (string.IsNullOrEmpty(value)) return;
            if (!TryGetValue(value, out var list)) this[value] = list = new List<int>(2);
            if (list.Count == 0 || list[^1] != account) list.Add(account);
        }
    }

    /// <summary>Reports each linking step as it starts ("linking: payment"), so a scan's --timings can say which one is slow.</summary>
    public Action<string>? OnStep { get; init; }

    public AccountLinkGraph Build(IReadOnlyList<AccountBehaviour> accounts, IReadOnlyList<MinedTemplate> templates)
    {
        var graph = new AccountLinkGraph();
        var profiles = new double[accounts.Count][];
        for (int i = 0; i < accounts.Count; i++) profiles[i] = BehaviourProfile.Of(accounts[i]);

        var payment = new Groups();
        var signupIp = new Groups();
        var signupPrefix = new Groups();
        var email = new Groups();
        var burst = new Groups();
        var ip = new Groups();
        var ipPrefix = new Groups();
        var client = new Groups();
        foreach (var a in accounts)
        {
            if (a.Registry is { } r)
            {
                payment.Add(r.PaymentFingerprint, a.Index);
                signupIp.Add(r.SignupIp, a.Index);
                // An account without traffic has no behaviour to gate network links by: it takes part
                // in identity links only and does not dilute the rarity of the others' groups.
                if (a.Exchanges == 0) continue;
                signupPrefix.Add(IpPrefix.Of(r.SignupIp), a.Index);
                email.Add(r.EmailDomain, a.Index);
                // Ten-minute sign-up windows: a fleet is often registered in one sitting.
                burst.Add(new DateTime(r.CreatedAt.Ticks / TenMinutes * TenMinutes, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " UTC", a.Index);
            }
            var prefixes = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < a.Ips.Count; i++)
            {
                // Only addresses that carry a real share of the account's traffic.
                if (a.Ips.CountOf(i) < Math.Max(2, a.Exchanges / 10)) continue;
                ip.Add(a.Ips.Key(i), a.Index);
                if (IpPrefix.Of(a.Ips.Key(i)) is { } p && prefixes.Add(p)) ipPrefix.Add(p, a.Index);
            }
            int topClient = a.Clients.Top();
            if (topClient >= 0) client.Add(a.Clients.Key(topClient), a.Index);
        }

        int max = settings.MaxLinkGroup;
        OnStep?.Invoke("linking: payment");
        LinkGroups(graph, accounts, payment, LinkKinds.Payment, "share payment instrument", 1.2, max * 4, profiles, gated: false, decay: false);
        OnStep?.Invoke("linking: signupIp");
        LinkGroups(graph, accounts, signupIp, LinkKinds.SignupIp, "signed up from", 0.9, max, profiles, gated: false, decay: true);
        OnStep?.Invoke("linking: signupPrefix");
        LinkGroups(graph, accounts, signupPrefix, LinkKinds.SignupPrefix, "signed up from network", 0.35, max, profiles, gated: true, decay: true);
        OnStep?.Invoke("linking: email");
        LinkGroups(graph, accounts, email, LinkKinds.EmailDomain, "share e-mail domain", 0.35, max, profiles, gated: true, decay: true);
        OnStep?.Invoke("linking: burst");
        LinkGroups(graph, accounts, burst, LinkKinds.SignupBurst, "signed up in the ten minutes from", 0.3, max, profiles, gated: true, decay: true);
        OnStep?.Invoke("linking: ip");
        LinkGroups(graph, accounts, ip, LinkKinds.Ip, "send from", 0.6, max, profiles, gated: true, decay: true);
        OnStep?.Invoke("linking: ipPrefix");
        LinkGroups(graph, accounts, ipPrefix, LinkKinds.IpPrefix, "send from network", 0.3, max, profiles, gated: true, decay: true);
        OnStep?.Invoke("linking: client");
        LinkGroups(graph, accounts, client, LinkKinds.Client, "same client", 0.3, max, profiles, gated: true, decay: true);
        OnStep?.Invoke("linking: templates");
        LinkTemplates(graph, accounts, templates);
        OnStep?.Invoke($"linking: synchrony of {graph.PairCount:N0} pairs");
        AddSynchrony(graph, accounts);
        return graph;
    }

    private const long TenMinutes = TimeSpan.TicksPerMinute * 10;

    private static bool OpenlyTogether(AccountBehaviour a, AccountBehaviour b)
    {
        string? orgA = a.Registry?.OrgId ?? a.DeclaredOrg, orgB = b.Registry?.OrgId ?? b.DeclaredOrg;
        return orgA is not null && orgA == orgB && a.Registry?.Verified == true && b.Registry?.Verified == true;
    }

    private static void LinkGroups(AccountLinkGraph graph, IReadOnlyList<AccountBehaviour> accounts, Groups groups, string kind,
        string verb, double weight, int maxGroup, double[][] profiles, bool gated, bool decay)
    {
        foreach (var (value, members) in groups)
        {
            if (members.Count < 2 || members.Count >= maxGroup) continue;
            double rarity = decay ? Rarity.Of(members.Count, maxGroup) : 1.0;
            if (rarity <= 0.01) continue;
            string detail = $"{members.Count} accounts {verb} {value}";
            for (int i = 0; i < members.Count; i++)
            {
                for (int j = i + 1; j < members.Count; j++)
                {
                    int a = members[i], b = members[j];
                    if (OpenlyTogether(accounts[a], accounts[b])) continue;
                    double w = weight * rarity;
                    if (gated) w *= Math.Max(0, BehaviourProfile.Cosine(profiles[a], profiles[b]) - 0.2) / 0.8;
                    graph.Link(a, b, kind, w, detail);
                }
            }
        }
    }

    /// <summary>
    /// Links accounts through the templates they send. A template shared by up to
    /// <see cref="DetectionSettings.TemplateCliqueGroup"/> accounts links every pair of them; a more
    /// popular one only strengthens pairs that identity or network links already joined. A template
    /// link alone (at most 0.8) never makes a pair strong, and at that group size its rarity weight is
    /// low, so the cut loses little, while a clique of 999 accounts is half a million pairs: on a
    /// 7.6-million-exchange sample of the incident, template cliques made 15 million pairs and took
    /// 4.5 minutes to link and 7.5 minutes to cluster (docs/performance.md).
    /// </summary>
    private void LinkTemplates(AccountLinkGraph graph, IReadOnlyList<AccountBehaviour> accounts, IReadOnlyList<MinedTemplate> templates)
    {
        int maxGroup = settings.MaxLinkGroup * 4;
        int cliqueGroup = settings.TemplateCliqueGroup;
        List<int>[]? neighbours = null;
        foreach (var t in templates)
        {
            if (t.Accounts.Count > cliqueGroup && t.Accounts.Count < maxGroup)
            {
                neighbours = Neighbours(graph, accounts.Count);
                break;
            }
        }
        var mark = neighbours is null ? null : new int[accounts.Count];
        var position = neighbours is null ? null : new int[accounts.Count];
        int serial = 0;
        var shares = new List<double>();

        foreach (var t in templates)
        {
            var members = t.Accounts;
            if (members.Count < 2 || members.Count >= maxGroup) continue;
            double rarity = Rarity.Of(members.Count, maxGroup);
            double scale = 0.8 * (0.5 + 0.5 * rarity);
            string detail = $"{members.Count} accounts send template {t.Name}";
            shares.Clear();
            foreach (int m in members) shares.Add(ShareOf(accounts[m], t.Id));

            if (members.Count <= cliqueGroup)
            {
                for (int i = 0; i < members.Count; i++)
                {
                    if (shares[i] < 0.1) continue;
                    var a = accounts[members[i]];
                    for (int j = i + 1; j < members.Count; j++)
                    {
                        if (shares[j] < 0.1) continue;
                        var b = accounts[members[j]];
                        if (OpenlyTogether(a, b)) continue;
                        graph.Link(a.Index, b.Index, LinkKinds.Template, scale * Math.Min(1, Math.Min(shares[i], shares[j]) / 0.3), detail);
                    }
                }
                continue;
            }

            serial++;
            for (int i = 0; i < members.Count; i++) { mark![members[i]] = serial; position![members[i]] = i; }
            for (int i = 0; i < members.Count; i++)
            {
                if (shares[i] < 0.1) continue;
                var a = accounts[members[i]];
                foreach (int other in neighbours![a.Index])
                {
                    // Each linked pair once (from its smaller index), and only inside this template's group.
                    if (other < a.Index || mark![other] != serial) continue;
                    double shareB = shares[position![other]];
                    if (shareB < 0.1) continue;
                    var b = accounts[other];
                    if (OpenlyTogether(a, b)) continue;
                    graph.Link(a.Index, b.Index, LinkKinds.Template, scale * Math.Min(1, Math.Min(shares[i], shareB) / 0.3), detail);
                }
            }
        }
    }

    /// <summary>Each account's linked accounts, as the graph stands now.</summary>
    private static List<int>[] Neighbours(AccountLinkGraph graph, int accounts)
    {
        var lists = new List<int>[accounts];
        foreach (var p in graph.Pairs)
        {
            (lists[p.A] ??= new List<int>(4)).Add(p.B);
            (lists[p.B] ??= new List<int>(4)).Add(p.A);
        }
        for (int i = 0; i < lists.Length; i++) lists[i] ??= [];
        return lists;
    }

    private static double ShareOf(AccountBehaviour a, int template)
    {
        for (int i = 0; i < a.Templates.Count; i++)
            if (a.Templates.Key(i) == template) return a.Templates.CountOf(i) / (double)Math.Max(1, a.Exchanges);
        return 0;
    }

    private static void AddSynchrony(AccountLinkGraph graph, IReadOnlyList<AccountBehaviour> accounts)
    {
        var pairs = graph.Pairs.ToList();
        foreach (var p in pairs)
        {
            double j = BehaviourProfile.Synchrony(accounts[p.A], accounts[p.B], out int shared, out double jaccard, out double chance);
            if (shared < 12 || j < 0.4) continue;
            graph.Link(p.A, p.B, LinkKinds.Synchrony, 0.5 * (j - 0.4) / 0.6 + 0.1, $"active in {shared} of the same hours (Jaccard {jaccard:0.00}, {chance:0.00} by chance)");
        }
    }
}
