using Moat.Contract.Records;
using Moat.Detection.Features;
using Moat.Detection.Scan;

namespace Moat.Detection.Decisions;

/// <summary>
/// Turns findings into actions. A campaign's members share the campaign's recommended action,
/// graded by confidence; an account in no campaign is only sent to review when its own behaviour
/// is overwhelming and it is not a verified account, because a lone heavy user is usually legitimate.
/// </summary>
public sealed class ActionPolicy(DetectionSettings settings)
{
    public static string ForCampaign(double confidence) => confidence switch
    {
        >= 0.85 => EnforcementActions.Block,
        >= 0.7 => EnforcementActions.Throttle,
        >= 0.6 => EnforcementActions.Degrade,
        _ => EnforcementActions.Review,
    };

    public string ForLoneAccount(AccountBehaviour account, double suspicion) =>
        suspicion >= settings.LoneReview && account.Registry?.Verified != true && account.Exchanges >= 20
            ? EnforcementActions.Review
            : EnforcementActions.Allow;
}
