using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Moat.Contract.Io;
using Moat.Contract.Json;
using Moat.Contract.Records;
using Moat.Detection.Campaigns;
using Moat.Detection.Decisions;
using Moat.Detection.Features;
using Moat.Detection.Linking;

namespace Moat.Detection.Scan;

/// <summary>
/// Writes a <see cref="ScanResult"/> as the contract's scan folder: campaigns.json (with the
/// timeline, hour_of_day, links and templates extensions), account_scores.jsonl and enforcement.csv.
/// report.html is built from these files by Moat.Reports.
/// </summary>
public static class ScanOutputWriter
{
    public static CampaignsDocument Write(ScanResult result, string outDir, DetectionSettings settings, DateTime generatedAt)
    {
        Directory.CreateDirectory(outDir);
        var accounts = result.Accounts;
        var campaignOf = new Campaign?[accounts.Count];
        var joinReason = new string?[accounts.Count];
        var reviewOnly = new bool[accounts.Count];
        var campaigns = new List<Campaign>();
        foreach (var cluster in result.Campaigns)
        {
            var c = BuildCampaign(cluster, result);
            campaigns.Add(c);
            foreach (int m in cluster.Members) campaignOf[m] = c;
            foreach (var (m, reason) in cluster.JoinReasons) joinReason[m] = reason;
            foreach (int m in cluster.ReviewOnly) reviewOnly[m] = true;
        }

        var policy = new ActionPolicy(settings);
        var enforcement = new List<EnforcementEntry>();
        using (var scores = RecordWriter<AccountScore>.Create(Path.Combine(outDir, ScanOutputFiles.AccountScores), AccountScoreCodec.Instance))
        {
            for (int i = 0; i < accounts.Count; i++)
            {
                var a = accounts[i];
                var c = campaignOf[i];
                double s = result.Suspicion[i];
                var reasons = AccountSignals.TopReasons(result.Signals[i]);
                string action;
                double score;
                if (c is not null)
                {
                    score = Math.Max(s, c.Confidence);
                    action = c.RecommendedAction;
                    if (reviewOnly[i])
                    {
                        score = Math.Max(s, 0.5 * c.Confidence);
                        action = EnforcementActions.Review;
                    }
                    reasons.Insert(0, $"campaign: member of {c.Id} ({c.Accounts.Count} accounts, confidence {c.Confidence:0.00})");
                    if (joinReason[i] is { } joined) reasons.Insert(1, "footprint: " + joined);
                }
                else
                {
                    score = s;
                    action = policy.ForLoneAccount(a, s);
                }
                score = Math.Round(score, 4);
                scores.Write(new AccountScore { AccountId = a.AccountId, Score = score, CampaignId = c?.Id, Reasons = reasons, Exchanges = a.Exchanges, Action = action });
                if (action != EnforcementActions.Allow)
                    enforcement.Add(new EnforcementEntry(a.AccountId, action, c?.Id, score, reasons.Count > 0 ? reasons[0] : "behaviour"));
            }
        }
        EnforcementCsv.Write(Path.Combine(outDir, ScanOutputFiles.Enforcement), enforcement);

        var document = new CampaignsDocument(generatedAt, campaigns)
        {
            OrganicTimeline = Timeline(accounts.Where((_, i) => campaignOf[i] is null), result.Context),
            Stats = new ScanStats(accounts.Count, result.Exchanges, result.ExchangeReport.BadLines),
        };
        CampaignsJson.Write(Path.Combine(outDir, ScanOutputFiles.Campaigns), document);
        return document;
    }

    private static Campaign BuildCampaign(CampaignCluster cluster, ScanResult result)
    {
        var accounts = result.Accounts;
        var members = cluster.Members.Select(i => accounts[i]).ToList();
        var ids = members.Select(m => m.AccountId).OrderBy(x => x, StringComparer.Ordinal).ToList();
        long exchanges = members.Sum(m => m.Exchanges);
        var capabilities = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int c = 0; c < CapabilityNames.Count; c++)
        {
            long count = members.Sum(m => (long)m.Capabilities[c]);
            if (count > 0) capabilities[CapabilityNames.Name((Capability)c)] = count / (double)Math.Max(1, exchanges);
        }
        var hours = new long[24];
        foreach (var m in members) for (int h = 0; h < 24; h++) hours[h] += m.HourOfDay[h];

        return new Campaign
        {
            Id = StableId(ids),
            Confidence = Math.Round(cluster.Confidence, 4),
            Accounts = ids,
            Exchanges = exchanges,
            // Members without traffic (spare accounts joined by footprint) have no first or last exchange.
            FirstSeen = new DateTime(members.Where(m => m.Exchanges > 0).Select(m => m.FirstTicks).DefaultIfEmpty(result.Context.WindowStartTicks).Min(), DateTimeKind.Utc),
            LastSeen = new DateTime(members.Where(m => m.Exchanges > 0).Select(m => m.LastTicks).DefaultIfEmpty(result.Context.WindowEndTicks).Max(), DateTimeKind.Utc),
            Capabilities = capabilities.OrderByDescending(kv => kv.Value).ToDictionary(kv => kv.Key, kv => kv.Value),
            Evidence = CampaignEvidence.Explain(cluster, result),
            RecommendedAction = ActionPolicy.ForCampaign(cluster.Confidence),
            Timeline = Timeline(members, result.Context),
            HourOfDay = hours,
            Links = cluster.InternalLinks
                .OrderByDescending(p => p.Weight).ThenBy(p => p.A).ThenBy(p => p.B).Take(40)
                .Select(p =>
                {
                    var top = p.Reasons.OrderByDescending(r => r.Weight).First();
                    string detail = string.Join("; ", p.Reasons.OrderByDescending(r => r.Weight).Select(r => r.Detail));
                    return new AccountLink(accounts[p.A].AccountId, accounts[p.B].AccountId, top.Kind, Math.Round(p.Weight, 4), detail);
                }).ToList(),
            Templates = TopTemplates(cluster, result),
        };
    }

    private static List<TemplateSummary> TopTemplates(CampaignCluster cluster, ScanResult result)
    {
        var usage = new Dictionary<int, (long Exchanges, int Accounts)>();
        foreach (int m in cluster.Members)
        {
            var t = result.Accounts[m].Templates;
            for (int i = 0; i < t.Count; i++)
            {
                var (e, a) = usage.GetValueOrDefault(t.Key(i));
                usage[t.Key(i)] = (e + t.CountOf(i), a + 1);
            }
        }
        return usage.Where(kv => kv.Value.Accounts >= 2)
            .OrderByDescending(kv => kv.Value.Exchanges).ThenBy(kv => kv.Key).Take(5)
            .Select(kv =>
            {
                var t = result.Templates[kv.Key];
                string pattern = t.Examples.Count > 0 ? PromptNormaliser.Pattern(t.Examples[0]) : "";
                return new TemplateSummary(t.Name, pattern, kv.Value.Exchanges, kv.Value.Accounts, t.Examples);
            }).ToList();
    }

    private static List<DailyCount> Timeline(IEnumerable<AccountBehaviour> members, ScanContext context)
    {
        if (context.WindowStartTicks > context.WindowEndTicks) return [];
        long firstDay = context.WindowStartTicks / TimeSpan.TicksPerDay;
        long lastDay = Math.Min(context.WindowEndTicks / TimeSpan.TicksPerDay, firstDay + AccountBehaviour.DayRing - 1);
        var counts = new long[lastDay - firstDay + 1];
        foreach (var m in members)
            for (long d = firstDay; d <= lastDay; d++) counts[d - firstDay] += m.Days[(int)(d % AccountBehaviour.DayRing)];
        var days = new List<DailyCount>(counts.Length);
        for (int i = 0; i < counts.Length; i++)
            days.Add(new DailyCount(DateOnly.FromDateTime(new DateTime((firstDay + i) * TimeSpan.TicksPerDay, DateTimeKind.Utc)), counts[i]));
        return days;
    }

    /// <summary>An id that depends only on the member accounts, so the same input gives the same id.</summary>
    public static string StableId(IReadOnlyList<string> sortedAccountIds)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', sortedAccountIds)));
        return "cmp_" + Convert.ToHexStringLower(bytes.AsSpan(0, 5));
    }
}
