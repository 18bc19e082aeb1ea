using Moat.Contract.Records;

namespace Moat.Gateway.Decisions;

/// <summary>What the gateway does with an account's requests, ordered by severity.</summary>
public enum GatewayAction
{
    Allow = 0,
    /// <summary>Served as allowed; flagged for a human.</summary>
    Review = 1,
    Watermark = 2,
    Degrade = 3,
    Throttle = 4,
    Block = 5,
}

public static class GatewayActions
{
    public static readonly GatewayAction[] All = Enum.GetValues<GatewayAction>();

    public static string Name(GatewayAction action) => action switch
    {
        GatewayAction.Allow => EnforcementActions.Allow,
        GatewayAction.Review => EnforcementActions.Review,
        GatewayAction.Watermark => EnforcementActions.Watermark,
        GatewayAction.Degrade => EnforcementActions.Degrade,
        GatewayAction.Throttle => EnforcementActions.Throttle,
        GatewayAction.Block => EnforcementActions.Block,
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    public static bool TryParse(string? name, out GatewayAction action)
    {
        action = name switch
        {
            EnforcementActions.Allow => GatewayAction.Allow,
            EnforcementActions.Review => GatewayAction.Review,
            EnforcementActions.Watermark => GatewayAction.Watermark,
            EnforcementActions.Degrade => GatewayAction.Degrade,
            EnforcementActions.Throttle => GatewayAction.Throttle,
            EnforcementActions.Block => GatewayAction.Block,
            _ => (GatewayAction)(-1),
        };
        return action >= 0;
    }
}

/// <summary>Where a decision came from; admin decisions override the others.</summary>
public enum DecisionSource { Scan, Admin, Online }

/// <summary>One account's decision and why.</summary>
public sealed record AccountDecision(
    string AccountId,
    GatewayAction Action,
    DecisionSource Source,
    string? CampaignId,
    double Score,
    string Reason,
    DateTime DecidedAt);
