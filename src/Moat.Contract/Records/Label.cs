namespace Moat.Contract.Records;

/// <summary>Ground truth for one account (data contract §3). Read by eval, never by scan.</summary>
public sealed record Label
{
    public required string AccountId { get; init; }
    public required string Kind { get; init; }
    public string? CampaignId { get; init; }
    public string? Persona { get; init; }

    public bool IsAttack => Kind == LabelKinds.Attack;
}

public static class LabelKinds
{
    public const string Organic = "organic";
    public const string Attack = "attack";
}
