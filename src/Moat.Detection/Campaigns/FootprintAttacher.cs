using System.Globalization;
using Moat.Detection.Features;
using Moat.Detection.Scan;

namespace Moat.Detection.Campaigns;

/// <summary>
/// The last look, for the accounts an operator registers to replace banned ones: signed up late,
/// with a handful of exchanges or none, often paid with a fresh card. Their behaviour says too
/// little to judge, but they are made with the fleet's infrastructure. An account outside every
/// campaign joins the campaign whose <see cref="CampaignFootprint"/> it shares in at least
/// <see cref="DetectionSettings.FootprintFacts"/> independent ways: its payment instrument, its
/// sign-up address, where its traffic comes from, its e-mail domain, and a sign-up inside a burst
/// of the campaign's registrations (<see cref="DetectionSettings.FootprintFactsWithBehaviour"/> when
/// its own behaviour already reaches the member bar). Verified members of a declared organisation
/// never join, and an account with enough traffic to be judged must clear the attach suspicion floor.
/// </summary>
public sealed class FootprintAttacher(DetectionSettings settings)
{
    /// <summary>Exchanges from which an account's own behaviour is measurable and must not look organic.</summary>
    public const int JudgeableExchanges = 5;

    public List<CampaignCluster> Attach(List<CampaignCluster> clusters, IReadOnlyList<AccountBehaviour> accounts, double[] suspicion)
    {
        if (clusters.Count == 0) return clusters;
        var footprint = new CampaignFootprint(accounts, clusters);
        var inCampaign = new bool[accounts.Count];
        foreach (var c in clusters) foreach (int m in c.Members) inCampaign[m] = true;

        // First look: which outside accounts already share two facts with a campaign. Replacements
        // registered together form their own burst even when none of them was found yet, so in the
        // second look these accounts count towards a campaign's sign-up bursts as well.
        var needed = new int[accounts.Count];
        var cohortOf = new int[accounts.Count];
        Array.Fill(cohortOf, -1);
        var cohorts = new List<long>[clusters.Count];
        for (int i = 0; i < accounts.Count; i++)
        {
            var a = accounts[i];
            if (inCampaign[i] || a.Registry is null || InVerifiedOrganisation(a)) continue;
            if (a.Exchanges >= JudgeableExchanges && suspicion[i] < settings.AttachSuspicion) continue;
            // An account that behaves like a member (enough traffic to judge, suspicion at the member
            // bar) needs one fact fewer than one whose behaviour says nothing.
            bool behavesLikeMember = a.Exchanges >= JudgeableExchanges && suspicion[i] >= settings.MemberSuspicion;
            needed[i] = behavesLikeMember ? settings.FootprintFactsWithBehaviour : settings.FootprintFacts;
            if (Match(a, footprint, clusters.Count, 2) is { } first)
            {
                cohortOf[i] = first.Campaign;
                (cohorts[first.Campaign] ??= []).Add(a.Registry.CreatedAt.Ticks);
            }
        }
        var cohortTicks = new long[clusters.Count][];
        for (int c = 0; c < clusters.Count; c++) { cohortTicks[c] = [.. cohorts[c] ?? []]; Array.Sort(cohortTicks[c]); }

        var joiners = new Dictionary<int, List<(int Account, string Reason, bool ReviewOnly)>>();
        void Join(int campaign, int account, string reason, bool reviewOnly)
        {
            if (!joiners.TryGetValue(campaign, out var list)) joiners[campaign] = list = [];
            list.Add((account, reason, reviewOnly));
        }
        for (int i = 0; i < accounts.Count; i++)
        {
            if (needed[i] == 0) continue;
            var a = accounts[i];
            var r = a.Registry!;
            if (Match(a, footprint, clusters.Count, needed[i], cohortTicks, cohortOf[i]) is { } match)
            {
                Join(match.Campaign, i, match.Reason, reviewOnly: false);
                continue;
            }
            // A spare head: registered from an address only the campaign uses and silent so far. One
            // fact is too little to block anyone, but enough to put the account in front of a person
            // before it starts harvesting; with no traffic, a review disturbs no customer's work.
            if (a.Exchanges == 0 && footprint.AddressOwner(r.SignupIp) is var owner && owner >= 0)
            {
                Join(owner, i, $"signed up from {r.SignupIp}, an address the campaign's accounts use, and has sent nothing yet: review", reviewOnly: true);
                continue;
            }
            if (a.Exchanges >= JudgeableExchanges) continue;
            // Likewise a head that has sent too little to judge and is paid with the campaign's card
            // (the gateway blocks such an account at its first request; the scan asks a person
            // first), or shares two other facts of its footprint.
            string sent = a.Exchanges == 0 ? "nothing" : $"only {a.Exchanges} exchange{(a.Exchanges == 1 ? "" : "s")}";
            if (footprint.PaymentOwner(r.PaymentFingerprint) is var payer && payer >= 0)
                Join(payer, i, $"pays with {r.PaymentFingerprint}, an instrument of the campaign's accounts, and has sent {sent} yet: review", reviewOnly: true);
            else if (Match(a, footprint, clusters.Count, 2, cohortTicks, cohortOf[i]) is { NonAddressFacts: > 0 } two)
                Join(two.Campaign, i, $"{two.Reason}, and has sent {sent} yet: review", reviewOnly: true);
        }
        if (joiners.Count == 0) return clusters;

        var result = new List<CampaignCluster>(clusters.Count);
        for (int c = 0; c < clusters.Count; c++)
        {
            var cluster = clusters[c];
            if (!joiners.TryGetValue(c, out var join)) { result.Add(cluster); continue; }
            var members = cluster.Members.Concat(join.Select(j => j.Account)).Order().ToList();
            var reasons = new Dictionary<int, string>(cluster.JoinReasons);
            var reviewOnly = new HashSet<int>(cluster.ReviewOnly);
            foreach (var (account, reason, review) in join)
            {
                reasons[account] = reason;
                if (review) reviewOnly.Add(account);
            }
            result.Add(new CampaignCluster
            {
                Members = members, InternalLinks = cluster.InternalLinks, MeanSuspicion = members.Average(i => suspicion[i]),
                LinkDensity = cluster.InternalLinks.Sum(p => p.Weight) / members.Count, Confidence = cluster.Confidence,
                JoinReasons = reasons, ReviewOnly = reviewOnly,
            });
        }
        return result;
    }

    /// <summary>
    /// A verified member of a declared organisation shares its infrastructure openly. A verified
    /// individual (a student verified for an education programme) is not shielded: that
    /// verification is what a programme-abusing fleet obtains for its accounts.
    /// </summary>
    private static bool InVerifiedOrganisation(AccountBehaviour a) =>
        a.Registry?.Verified == true && (a.Registry.OrgId ?? a.DeclaredOrg) is not null;

    /// <summary>The campaign sharing the most footprint facts with the account, if it shares enough.</summary>
    /// <param name="cohorts">Per campaign, sorted sign-up ticks of outside accounts sharing two facts with it (or null).</param>
    /// <param name="ownCohort">The campaign in whose cohort this account itself is counted, or -1.</param>
    /// <returns>The campaign, how many facts it shares and how many of those are not addresses (a sign-up
    /// address and traffic from it can be one home behind a residential proxy exit), and the facts as a reason.</returns>
    public static (int Campaign, int Facts, int NonAddressFacts, string Reason)? Match(AccountBehaviour a, CampaignFootprint footprint, int campaigns, int minFacts,
        long[][]? cohorts = null, int ownCohort = -1)
    {
        var r = a.Registry!;
        var facts = new List<string>[campaigns];
        var nonAddress = new int[campaigns];
        void Fact(int campaign, string text, bool address = false)
        {
            if (campaign < 0) return;
            (facts[campaign] ??= []).Add(text);
            if (!address) nonAddress[campaign]++;
        }

        Fact(footprint.PaymentOwner(r.PaymentFingerprint), $"pays with {r.PaymentFingerprint}, an instrument of the campaign's accounts");
        Fact(footprint.AddressOwner(r.SignupIp), $"signed up from {r.SignupIp}, an address the campaign's accounts use", address: true);
        Fact(footprint.DomainOwner(r.EmailDomain), $"e-mail domain {r.EmailDomain} belongs to the campaign's accounts");

        // Traffic: the share of the account's exchanges sent from one campaign's addresses. The
        // heavy-hitter counts sum to the account's exchanges, so the share is exact for up to four addresses.
        if (a.Exchanges > 0)
        {
            var onCampaign = new Dictionary<int, long>();
            for (int k = 0; k < a.Ips.Count; k++)
            {
                int owner = footprint.AddressOwner(a.Ips.Key(k));
                if (owner >= 0) onCampaign[owner] = onCampaign.GetValueOrDefault(owner) + a.Ips.CountOf(k);
            }
            foreach (var (campaign, count) in onCampaign)
                if (count >= 0.8 * a.Exchanges) Fact(campaign, $"{Math.Min(count, a.Exchanges)} of {a.Exchanges} exchanges sent from the campaign's addresses", address: true);
        }

        long created = r.CreatedAt.Ticks;
        for (int c = 0; c < campaigns; c++)
        {
            int members = footprint.BurstMembers(c, created, out bool dominant, cohorts?[c], selfInCohort: ownCohort == c);
            if (members >= 3 && dominant)
                Fact(c, $"signed up {r.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, within {CampaignFootprint.BurstWindow.TotalMinutes:0} minutes of {members} sign-ups of the campaign's accounts or of accounts on its infrastructure");
        }

        int best = -1;
        for (int c = 0; c < campaigns; c++)
            if (facts[c] is { } f && (best < 0 || f.Count > facts[best]!.Count)) best = c;
        if (best < 0 || facts[best]!.Count < minFacts) return null;
        return (best, facts[best]!.Count, nonAddress[best], string.Join("; ", facts[best]!));
    }
}
