namespace Moat.Simulation.Population;

/// <summary>A campaign with the infrastructure its accounts share.</summary>
public sealed class CampaignRuntime
{
    public required int Index { get; init; }
    public required CampaignSpec Spec { get; init; }
    /// <summary>Member actor indices, in round-robin order.</summary>
    public required int[] Members { get; init; }
    public required string[] AddressPool { get; init; }
    /// <summary>Harvest templates this campaign rotates through (indices into <c>HarvestTemplates</c>).</summary>
    public required int[] Templates { get; init; }
    /// <summary>Operator's UTC offset: their working day shapes the traffic when not mimicking users.</summary>
    public required int OperatorUtcOffsetMinutes { get; init; }
}
