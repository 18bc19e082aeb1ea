using Moat.Contract.Io;
using Moat.Detection.Campaigns;
using Moat.Detection.Features;
using Moat.Detection.Linking;

namespace Moat.Detection.Scan;

/// <summary>Everything a scan found, before it is written as the contract's output folder.</summary>
public sealed class ScanResult
{
    public required IReadOnlyList<AccountBehaviour> Accounts { get; init; }
    public required IReadOnlyList<IReadOnlyList<Signal>> Signals { get; init; }
    public required double[] Suspicion { get; init; }
    public required IReadOnlyList<CampaignCluster> Campaigns { get; init; }
    public required IReadOnlyList<MinedTemplate> Templates { get; init; }
    public required AccountLinkGraph Graph { get; init; }
    public required ScanContext Context { get; init; }
    public required ReadReport ExchangeReport { get; init; }
    public required ReadReport AccountReport { get; init; }
    public long Exchanges { get; init; }
}
