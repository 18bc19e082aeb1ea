namespace Moat.Contract.Records;

/// <summary>The actions a decision can take, as written in enforcement.csv and recommended_action.</summary>
public static class EnforcementActions
{
    public const string Allow = "allow";
    public const string Block = "block";
    public const string Throttle = "throttle";
    public const string Degrade = "degrade";
    public const string Watermark = "watermark";
    public const string Review = "review";

    public static bool IsKnown(string action) => action is Allow or Block or Throttle or Degrade or Watermark or Review;
}

/// <summary>One piece of readable evidence behind a campaign (data contract §4).</summary>
public sealed record Evidence(string Kind, string Detail, double Weight);

/// <summary>A detected campaign (data contract §4, <c>campaigns.json</c>).</summary>
public sealed record Campaign
{
    public required string Id { get; init; }
    public required double Confidence { get; init; }
    public required IReadOnlyList<string> Accounts { get; init; }
    public required long Exchanges { get; init; }
    public required DateTime FirstSeen { get; init; }
    public required DateTime LastSeen { get; init; }
    public required IReadOnlyDictionary<string, double> Capabilities { get; init; }
    public required IReadOnlyList<Evidence> Evidence { get; init; }
    public required string RecommendedAction { get; init; }

    // Optional extensions (docs/contract-notes.md): what the evidence report draws, so that
    // `moat report --scan DIR` can rebuild the page from the scan folder alone.

    /// <summary>Exchanges per UTC day.</summary>
    public IReadOnlyList<DailyCount>? Timeline { get; init; }
    /// <summary>Exchanges per UTC hour of day (24 entries).</summary>
    public IReadOnlyList<long>? HourOfDay { get; init; }
    /// <summary>The strongest links between member accounts.</summary>
    public IReadOnlyList<AccountLink>? Links { get; init; }
    /// <summary>The campaign's most used prompt templates, with example prompts.</summary>
    public IReadOnlyList<TemplateSummary>? Templates { get; init; }
}

/// <summary>Exchanges on one UTC day.</summary>
public sealed record DailyCount(DateOnly Day, long Exchanges);

/// <summary>A link between two accounts, e.g. kind <c>payment</c>, <c>ip_prefix</c>, <c>synchrony</c>, <c>template</c>.</summary>
public sealed record AccountLink(string A, string B, string Kind, double Weight, string Detail);

/// <summary>A mined prompt template: its normalised pattern, how much it was used, and a few raw prompts.</summary>
public sealed record TemplateSummary(string Id, string Pattern, long Exchanges, int Accounts, IReadOnlyList<string> Examples);

/// <summary>What a scan read (optional extension of campaigns.json).</summary>
public sealed record ScanStats(long Accounts, long Exchanges, long BadLines);

/// <summary>The whole <c>campaigns.json</c> document.</summary>
public sealed record CampaignsDocument(DateTime GeneratedAt, IReadOnlyList<Campaign> Campaigns)
{
    /// <summary>Optional: exchanges per UTC day of accounts outside every campaign, for comparison.</summary>
    public IReadOnlyList<DailyCount>? OrganicTimeline { get; init; }
    /// <summary>Optional: what the scan read.</summary>
    public ScanStats? Stats { get; init; }
}

/// <summary>One line of <c>account_scores.jsonl</c>.</summary>
public sealed record AccountScore
{
    public required string AccountId { get; init; }
    public required double Score { get; init; }
    public string? CampaignId { get; init; }
    public required IReadOnlyList<string> Reasons { get; init; }
    /// <summary>Optional extension: exchanges this account sent in the scanned window.</summary>
    public long? Exchanges { get; init; }
    /// <summary>Optional extension: the action decided for this account (<c>allow</c> when absent).</summary>
    public string? Action { get; init; }
}

/// <summary>One row of <c>enforcement.csv</c>.</summary>
public sealed record EnforcementEntry(string AccountId, string Action, string? CampaignId, double Score, string Reason);

/// <summary>File names of the scan output directory.</summary>
public static class ScanOutputFiles
{
    public const string Campaigns = "campaigns.json";
    public const string AccountScores = "account_scores.jsonl";
    public const string Report = "report.html";
    public const string Enforcement = "enforcement.csv";
}
