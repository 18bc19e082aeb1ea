using Moat.Detection.Features;

namespace Moat.Detection.Campaigns;

/// <summary>
/// What the found campaigns own: the addresses their accounts send from and signed up from, their
/// e-mail domains and payment instruments, and when their accounts signed up. A thing is a
/// campaign's when its accounts are at least two thirds of the accounts that use it (apart from
/// the account being judged), so a campus NAT, a VPN exit or a webmail domain, which many
/// strangers share, belongs to nobody. Built once after the campaigns are found.
/// </summary>
public sealed class CampaignFootprint
{
    /// <summary>Half-width of the sign-up window in which a campaign's registrations are counted.</summary>
    public static readonly TimeSpan BurstWindow = TimeSpan.FromMinutes(30);

    /// <summary>Who uses one address, domain or instrument: one campaign's members, or several owners.</summary>
    private sealed class Use
    {
        public int Campaign = -1;
        public bool Mixed;
        public int Members;
        public int Outsiders;
    }

    private readonly Dictionary<string, Use> _addresses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Use> _domains = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Use> _payments = new(StringComparer.Ordinal);
    private readonly long[] _allSignups;
    private readonly long[][] _memberSignups;

    public CampaignFootprint(IReadOnlyList<AccountBehaviour> accounts, IReadOnlyList<CampaignCluster> campaigns)
    {
        var campaignOf = new int[accounts.Count];
        Array.Fill(campaignOf, -1);
        for (int c = 0; c < campaigns.Count; c++) foreach (int m in campaigns[c].Members) campaignOf[m] = c;

        var all = new List<long>(accounts.Count);
        var members = new List<long>[campaigns.Count];
        for (int c = 0; c < members.Length; c++) members[c] = [];
        foreach (var a in accounts)
        {
            int c = campaignOf[a.Index];
            foreach (var address in AddressesOf(a)) Count(_addresses, address, c);
            if (a.Registry is { } r)
            {
                Count(_domains, r.EmailDomain, c);
                Count(_payments, r.PaymentFingerprint, c);
                all.Add(r.CreatedAt.Ticks);
                if (c >= 0) members[c].Add(r.CreatedAt.Ticks);
            }
        }
        _allSignups = [.. all];
        Array.Sort(_allSignups);
        _memberSignups = new long[campaigns.Count][];
        for (int c = 0; c < members.Length; c++) { _memberSignups[c] = [.. members[c]]; Array.Sort(_memberSignups[c]); }
    }

    /// <summary>
    /// The distinct addresses an account is seen on: its sign-up address and the addresses its
    /// traffic comes from (the heavy hitters kept per account).
    /// </summary>
    public static HashSet<string> AddressesOf(AccountBehaviour a)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (a.Registry?.SignupIp is { Length: > 0 } signup) set.Add(signup);
        for (int i = 0; i < a.Ips.Count; i++) set.Add(a.Ips.Key(i));
        return set;
    }

    private static void Count(Dictionary<string, Use> uses, string? key, int campaign)
    {
        if (string.IsNullOrEmpty(key)) return;
        if (!uses.TryGetValue(key, out var use)) uses[key] = use = new Use();
        if (campaign < 0) { use.Outsiders++; return; }
        if (use.Campaign >= 0 && use.Campaign != campaign) use.Mixed = true;
        use.Campaign = campaign;
        use.Members++;
    }

    /// <summary>
    /// The campaign that owns <paramref name="key"/> judged for an outside account, or -1: at
    /// least <paramref name="minMembers"/> members, and the other outsiders at most half as many.
    /// </summary>
    private static int Owner(Dictionary<string, Use> uses, string? key, bool candidateUsesIt, int minMembers)
    {
        if (string.IsNullOrEmpty(key) || !uses.TryGetValue(key, out var use) || use.Mixed || use.Campaign < 0) return -1;
        int others = use.Outsiders - (candidateUsesIt ? 1 : 0);
        return use.Members >= minMembers && 2 * others <= use.Members ? use.Campaign : -1;
    }

    /// <summary>The campaign owning an address the account uses, or -1.</summary>
    public int AddressOwner(string? address) => Owner(_addresses, address, candidateUsesIt: true, minMembers: 2);

    public int DomainOwner(string? domain) => Owner(_domains, domain, candidateUsesIt: true, minMembers: 2);

    /// <summary>A shared card is telling even with one member on it.</summary>
    public int PaymentOwner(string? payment) => Owner(_payments, payment, candidateUsesIt: true, minMembers: 1);

    /// <summary>
    /// Members of <paramref name="campaign"/> that signed up within <see cref="BurstWindow"/> of
    /// <paramref name="ticks"/>, plus accounts of <paramref name="cohort"/> (sorted sign-up ticks of
    /// outside accounts already on the campaign's infrastructure; the account itself not counted),
    /// and whether they are at least half of all sign-ups in that window (the account itself not
    /// counted): the fleet, not the platform's ordinary sign-up rate.
    /// </summary>
    public int BurstMembers(int campaign, long ticks, out bool dominant, long[]? cohort = null, bool selfInCohort = false)
    {
        long lo = ticks - BurstWindow.Ticks, hi = ticks + BurstWindow.Ticks;
        int members = CountIn(_memberSignups[campaign], lo, hi);
        if (cohort is not null) members += CountIn(cohort, lo, hi) - (selfInCohort ? 1 : 0);
        int all = CountIn(_allSignups, lo, hi) - 1;
        dominant = members > 0 && 2 * members >= all;
        return members;
    }

    private static int CountIn(long[] sorted, long lo, long hi)
    {
        int from = LowerBound(sorted, lo), to = LowerBound(sorted, hi + 1);
        return to - from;
    }

    private static int LowerBound(long[] sorted, long value)
    {
        int i = Array.BinarySearch(sorted, value);
        if (i < 0) return ~i;
        while (i > 0 && sorted[i - 1] == value) i--;
        return i;
    }
}
