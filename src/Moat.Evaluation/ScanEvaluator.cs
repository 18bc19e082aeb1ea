using Moat.Contract.Records;

namespace Moat.Evaluation;

/// <summary>
/// Scores a scan folder against labels. An account is flagged when it is in a campaign or its
/// action is not <c>allow</c>. Labelled accounts the scan never saw count as not flagged.
/// </summary>
public static class ScanEvaluator
{
    public static EvalReport Evaluate(IEnumerable<Label> labels, CampaignsDocument campaigns, IEnumerable<AccountScore> scores)
    {
        var flagged = new HashSet<string>(StringComparer.Ordinal);
        var exchanges = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var s in scores)
        {
            if (s.CampaignId is not null || (s.Action ?? EnforcementActions.Allow) != EnforcementActions.Allow) flagged.Add(s.AccountId);
            exchanges[s.AccountId] = s.Exchanges ?? 0;
        }
        var foundOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in campaigns.Campaigns)
        {
            foreach (var a in c.Accounts) { flagged.Add(a); foundOf[a] = c.Id; }
        }

        long tp = 0, fp = 0, fn = 0, tn = 0;
        double attackExchanges = 0, caughtExchanges = 0;
        var organic = new SortedDictionary<string, (long N, long F)>(StringComparer.Ordinal);
        var attack = new SortedDictionary<string, (long N, long F)>(StringComparer.Ordinal);
        var trueCampaigns = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        var labelled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var l in labels)
        {
            labelled.Add(l.AccountId);
            bool isFlagged = flagged.Contains(l.AccountId);
            string persona = l.Persona ?? "(none)";
            if (l.IsAttack)
            {
                if (isFlagged) tp++; else fn++;
                long n = exchanges.GetValueOrDefault(l.AccountId);
                attackExchanges += n;
                if (isFlagged) caughtExchanges += n;
                var (an, af) = attack.GetValueOrDefault(persona);
                attack[persona] = (an + 1, af + (isFlagged ? 1 : 0));
                if (l.CampaignId is not null)
                {
                    if (!trueCampaigns.TryGetValue(l.CampaignId, out var members)) trueCampaigns[l.CampaignId] = members = [];
                    members.Add(l.AccountId);
                }
            }
            else
            {
                if (isFlagged) fp++; else tn++;
                var (on, of) = organic.GetValueOrDefault(persona);
                organic[persona] = (on + 1, of + (isFlagged ? 1 : 0));
            }
        }
        long unlabelled = 0;
        foreach (var a in exchanges.Keys) if (!labelled.Contains(a)) unlabelled++;
        foreach (var a in flagged) if (!labelled.Contains(a) && !exchanges.ContainsKey(a)) unlabelled++;

        var found = campaigns.Campaigns.ToDictionary(c => c.Id, c => new HashSet<string>(c.Accounts, StringComparer.Ordinal), StringComparer.Ordinal);
        var matches = new List<CampaignMatch>();
        foreach (var (id, members) in trueCampaigns)
        {
            var truth = new HashSet<string>(members, StringComparer.Ordinal);
            string? best = null;
            double bestJaccard = 0;
            foreach (var candidate in truth.Select(a => foundOf.GetValueOrDefault(a)).Where(c => c is not null).Distinct())
            {
                var set = found[candidate!];
                int inter = set.Count(truth.Contains);
                double j = inter / (double)(set.Count + truth.Count - inter);
                if (j > bestJaccard || (j == bestJaccard && string.CompareOrdinal(candidate, best) < 0)) { bestJaccard = j; best = candidate; }
            }
            double recall = truth.Count(flagged.Contains) / (double)truth.Count;
            matches.Add(new CampaignMatch(id, truth.Count, best, best is null ? 0 : found[best].Count, bestJaccard, recall));
        }

        return new EvalReport
        {
            Accounts = new AccountMetrics(tp, fp, fn, tn),
            OrganicPersonas = organic.Select(kv => new PersonaRate(kv.Key, kv.Value.N, kv.Value.F)).ToList(),
            AttackPersonas = attack.Select(kv => new PersonaRate(kv.Key, kv.Value.N, kv.Value.F)).ToList(),
            Campaigns = matches,
            ExchangeWeightedRecall = attackExchanges == 0 ? 1 : caughtExchanges / attackExchanges,
            FoundCampaigns = campaigns.Campaigns.Count,
            UnlabelledAccounts = unlabelled,
        };
    }
}
