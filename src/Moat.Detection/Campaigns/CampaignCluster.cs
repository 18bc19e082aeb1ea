using Moat.Detection.Linking;

namespace Moat.Detection.Campaigns;

/// <summary>A group of accounts found to work together, before it is written out.</summary>
public sealed class CampaignCluster
{
    public required List<int> Members { get; init; }
    public required List<AccountLinkGraph.Pair> InternalLinks { get; init; }
    public double MeanSuspicion { get; init; }
    /// <summary>Strong internal pair weight per member: how tightly the group is knit.</summary>
    public double LinkDensity { get; init; }
    public double Confidence { get; init; }
    /// <summary>Why accounts that joined after the campaign was found belong to it (account index → reason).</summary>
    public IReadOnlyDictionary<int, string> JoinReasons { get; init; } = new Dictionary<int, string>();
    /// <summary>
    /// Members joined on too little to act on (a registry account with no traffic yet): they are
    /// reported with the campaign and sent to review, never blocked with it.
    /// </summary>
    public IReadOnlySet<int> ReviewOnly { get; init; } = new HashSet<int>();
}
