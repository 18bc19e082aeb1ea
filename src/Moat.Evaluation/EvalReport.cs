namespace Moat.Evaluation;

/// <summary>Precision, recall and F1 of flagged accounts against ground truth.</summary>
public sealed record AccountMetrics(long TruePositives, long FalsePositives, long FalseNegatives, long TrueNegatives)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : TruePositives / (double)(TruePositives + FalsePositives);
    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : TruePositives / (double)(TruePositives + FalseNegatives);
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

/// <summary>How often organic accounts of one persona were flagged.</summary>
public sealed record PersonaRate(string Persona, long Accounts, long Flagged)
{
    public double FalsePositiveRate => Accounts == 0 ? 0 : Flagged / (double)Accounts;
}

/// <summary>A true campaign and the found campaign that matches it best.</summary>
public sealed record CampaignMatch(string TrueCampaign, int TrueAccounts, string? FoundCampaign, int FoundAccounts, double Jaccard, double Recall);

/// <summary>Everything `moat eval` reports.</summary>
public sealed record EvalReport
{
    public required AccountMetrics Accounts { get; init; }
    public required IReadOnlyList<PersonaRate> OrganicPersonas { get; init; }
    public required IReadOnlyList<PersonaRate> AttackPersonas { get; init; }
    public required IReadOnlyList<CampaignMatch> Campaigns { get; init; }
    /// <summary>Share of the attack accounts' exchanges that come from flagged accounts.</summary>
    public required double ExchangeWeightedRecall { get; init; }
    public required int FoundCampaigns { get; init; }
    /// <summary>Accounts in the scan without a label (counted as organic).</summary>
    public required long UnlabelledAccounts { get; init; }
}
