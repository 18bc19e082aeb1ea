namespace Moat.Detection.Scan;

/// <summary>The thresholds of detection, in one place so that docs/detection.md can cite them.</summary>
public sealed record DetectionSettings
{
    /// <summary>Exchanges an LSH band bucket needs before it counts as a template.</summary>
    public int TemplateMinSupport { get; init; } = 8;
    /// <summary>Groups larger than this (a big NAT, a popular VPN exit) create no pairwise links.</summary>
    public int MaxLinkGroup { get; init; } = 250;
    /// <summary>Summed pair weight from which two accounts are strongly linked.</summary>
    public double StrongLink { get; init; } = 1.0;
    /// <summary>Minimum behavioural suspicion for a linked account to stay in a campaign.</summary>
    public double MemberSuspicion { get; init; } = 0.35;
    /// <summary>Minimum campaign confidence to report it.</summary>
    public double CampaignConfidence { get; init; } = 0.5;
    /// <summary>Score from which an account outside every campaign is sent to review.</summary>
    public double LoneReview { get; init; } = 0.97;
}
