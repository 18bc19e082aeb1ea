using Moat.Contract.Records;
using Moat.Reports.Loading;

namespace Moat.Reports.Building;

/// <summary>Everything the page shows, loaded from one scan folder.</summary>
public sealed record ReportContent(CampaignsFile Scan, AccountTable Accounts, LoadNotes Notes, string ScanFolderName);

/// <summary>Limits that keep the page usable and small for campaigns of tens of thousands of accounts.</summary>
public sealed record ReportLimits
{
    /// <summary>Accounts with nothing against them kept in the table (the highest-scored ones).</summary>
    public int MaxUnflaggedAccounts { get; init; } = 5_000;
    /// <summary>Links listed in a campaign's strongest-links table.</summary>
    public int MaxTableLinks { get; init; } = 500;
    public int MaxGraphNodes { get; init; } = LinkGraphSampler.MaxNodes;
    public int MaxGraphEdges { get; init; } = LinkGraphSampler.MaxEdges;
    public int MaxTemplates { get; init; } = 25;
    public int MaxExamplesPerTemplate { get; init; } = 5;
    /// <summary>Characters of one example prompt; longer ones are cut and marked.</summary>
    public int MaxExampleChars { get; init; } = 4_000;
    public int MaxEvidence { get; init; } = 50;

    public static ReportLimits Default { get; } = new();
}
