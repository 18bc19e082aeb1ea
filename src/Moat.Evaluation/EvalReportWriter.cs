using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Moat.Evaluation;

/// <summary>Renders an <see cref="EvalReport"/> as a plain-text table or as JSON.</summary>
public static class EvalReportWriter
{
    public static string Table(EvalReport r)
    {
        var s = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        var m = r.Accounts;
        s.AppendLine(inv, $"accounts   precision {m.Precision:0.0000}  recall {m.Recall:0.0000}  F1 {m.F1:0.0000}   (TP {m.TruePositives}, FP {m.FalsePositives}, FN {m.FalseNegatives}, TN {m.TrueNegatives})");
        s.AppendLine(inv, $"exchange-weighted recall {r.ExchangeWeightedRecall:0.0000}   found campaigns {r.FoundCampaigns}");
        if (r.UnlabelledAccounts > 0) s.AppendLine(inv, $"unlabelled accounts in the scan: {r.UnlabelledAccounts}");
        s.AppendLine();
        s.AppendLine("organic persona            accounts  flagged  FP rate");
        foreach (var p in r.OrganicPersonas)
            s.AppendLine(inv, $"{p.Persona,-26} {p.Accounts,8}  {p.Flagged,7}  {p.FalsePositiveRate,7:0.0000}");
        s.AppendLine();
        s.AppendLine("attack persona             accounts  flagged  recall");
        foreach (var p in r.AttackPersonas)
            s.AppendLine(inv, $"{p.Persona,-26} {p.Accounts,8}  {p.Flagged,7}  {(p.Accounts == 0 ? 0 : p.Flagged / (double)p.Accounts),7:0.0000}");
        s.AppendLine();
        s.AppendLine("true campaign          accounts  best found        accounts  Jaccard  recall");
        foreach (var c in r.Campaigns)
            s.AppendLine(inv, $"{c.TrueCampaign,-22} {c.TrueAccounts,8}  {c.FoundCampaign ?? "-",-16} {c.FoundAccounts,8}  {c.Jaccard,7:0.000}  {c.Recall,6:0.000}");
        return s.ToString();
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static string Json(EvalReport r) => JsonSerializer.Serialize(new
    {
        accounts = new
        {
            precision = Math.Round(r.Accounts.Precision, 6),
            recall = Math.Round(r.Accounts.Recall, 6),
            f1 = Math.Round(r.Accounts.F1, 6),
            true_positives = r.Accounts.TruePositives,
            false_positives = r.Accounts.FalsePositives,
            false_negatives = r.Accounts.FalseNegatives,
            true_negatives = r.Accounts.TrueNegatives,
        },
        exchange_weighted_recall = Math.Round(r.ExchangeWeightedRecall, 6),
        found_campaigns = r.FoundCampaigns,
        unlabelled_accounts = r.UnlabelledAccounts,
        organic_personas = r.OrganicPersonas.Select(p => new { persona = p.Persona, accounts = p.Accounts, flagged = p.Flagged, false_positive_rate = Math.Round(p.FalsePositiveRate, 6) }),
        attack_personas = r.AttackPersonas.Select(p => new { persona = p.Persona, accounts = p.Accounts, flagged = p.Flagged }),
        campaigns = r.Campaigns.Select(c => new { true_campaign = c.TrueCampaign, true_accounts = c.TrueAccounts, found_campaign = c.FoundCampaign, found_accounts = c.FoundAccounts, jaccard = Math.Round(c.Jaccard, 6), recall = Math.Round(c.Recall, 6) }),
    }, JsonOptions);
}
