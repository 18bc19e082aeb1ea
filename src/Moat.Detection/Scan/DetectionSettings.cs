namespace Moat.Detection.Scan;

/// <summary>The thresholds of detection, in one place so that docs/detection.md can cite them.</summary>
public sealed record DetectionSettings
{
    /// <summary>Exchanges an LSH band bucket needs before it counts as a template.</summary>
    public int TemplateMinSupport { get; init; } = 8;
    /// <summary>Groups larger than this (a big NAT, a popular VPN exit) create no pairwise links.</summary>
    public int MaxLinkGroup { get; init; } = 250;
    /// <summary>Templates shared by more accounts than this strengthen existing links instead of linking every pair (cost is quadratic).</summary>
    public int TemplateCliqueGroup { get; init; } = 300;
    /// <summary>Summed pair weight from which two accounts are strongly linked.</summary>
    public double StrongLink { get; init; } = 1.0;
    /// <summary>Minimum behavioural suspicion for a linked account to stay in a campaign.</summary>
    public double MemberSuspicion { get; init; } = 0.35;
    /// <summary>Cosine of two campaigns' mean template mixes from which they are one operation.</summary>
    public double SamePlaybookCosine { get; init; } = 0.95;
    /// <summary>Size from which two campaigns with the same playbook are kept apart as separate operations.</summary>
    public int SeparateOperationAccounts { get; init; } = 10;
    /// <summary>Suspicion floor for an account strongly tied to a campaign's members to join it.</summary>
    public double AttachSuspicion { get; init; } = 0.15;
    /// <summary>Independent pieces of a campaign's footprint (payment, sign-up address, traffic addresses, e-mail domain, sign-up burst) an outside account must share to join it.</summary>
    public int FootprintFacts { get; init; } = 3;
    /// <summary>Footprint facts enough for an account whose own behaviour already reaches <see cref="MemberSuspicion"/>.</summary>
    public int FootprintFactsWithBehaviour { get; init; } = 2;
    /// <summary>Minimum campaign confidence to report it.</summary>
    public double CampaignConfidence { get; init; } = 0.5;
    /// <summary>Minimum suspicion for an account outside every campaign to be grouped by the campaigns' playbook.</summary>
    public double PlaybookSuspicion { get; init; } = 0.3;
    /// <summary>Suspicion from which an unverified account's templates count towards the playbook.</summary>
    public double PlaybookTemplateSuspicion { get; init; } = 0.38;
    /// <summary>Cosine of playbook-template mixes from which two such accounts belong together.</summary>
    public double PlaybookCosine { get; init; } = 0.75;
    /// <summary>Median first-round suspicion of a template's heavy users from which it counts as scripted, not common phrasing.</summary>
    public double ScriptedTemplateSuspicion { get; init; } = 0.2;
    /// <summary>Cosine of a playbook group member's behaviour profile to the group's mean profile from which it stays in the group.</summary>
    public double PlaybookBehaviourCosine { get; init; } = 0.9;
    /// <summary>Score from which an account outside every campaign is sent to review.</summary>
    public double LoneReview { get; init; } = 0.97;
}
