using Moat.Gateway.Decisions;

namespace Moat.Gateway.Scoring;

/// <summary>
/// The decision point of every request: updates the account's light state, applies the online rules
/// (regrowth on first sight, request rate, template matches) and returns the effective decision.
/// Rules only raise an account; lowering is for the scan or an operator.
/// </summary>
public sealed class OnlineRules(DecisionBook decisions, AccountActivity activity, RegrowthGuard regrowth,
    ITemplateMatcher templates, OnlineScoringOptions options)
{
    /// <summary>Called on the request path: cheap, no I/O.</summary>
    public AccountDecision? Decide(string accountId, DateTime now)
    {
        var state = activity.Get(accountId, now, out bool first);
        if (first && decisions.Find(accountId) is null && regrowth.Check(accountId, now) is { } block)
            decisions.RaiseOnline(block);

        double perMinute = state.CountRequest(now);
        if (perMinute >= options.ThrottleRequestsPerMinute)
            Raise(accountId, GatewayAction.Throttle, null, $"rate: {perMinute:0} requests in the last minute (limit {options.ThrottleRequestsPerMinute})", now);
        else if (perMinute >= options.ReviewRequestsPerMinute)
            Raise(accountId, GatewayAction.Review, null, $"rate: {perMinute:0} requests in the last minute (review at {options.ReviewRequestsPerMinute})", now);

        return decisions.Find(accountId);
    }

    /// <summary>Called off the request path for each logged exchange: matches its prompt against known campaign templates.</summary>
    public void ObserveExchange(string accountId, string prompt, DateTime now)
    {
        var state = activity.Get(accountId, now, out _);
        TemplateMatch? match = templates.Count > 0 && prompt.Length > 0 && templates.TryMatch(prompt, out var m) ? m : null;
        long matches = state.CountExchange(match);
        if (match is not { } hit) return;
        if (matches >= options.TemplateMatchesToThrottle)
            Raise(accountId, GatewayAction.Throttle, hit.CampaignId, $"templates: {matches} prompts match template {hit.TemplateId} of a known campaign", now);
        else if (matches >= options.TemplateMatchesToReview)
            Raise(accountId, GatewayAction.Review, hit.CampaignId, $"templates: {matches} prompts match template {hit.TemplateId} of a known campaign", now);
    }

    private void Raise(string accountId, GatewayAction action, string? campaign, string reason, DateTime now)
    {
        // Cheap check first: the common case is an account already at or above this action.
        if (decisions.ActionOf(accountId) >= action) return;
        decisions.RaiseOnline(new AccountDecision(accountId, action, DecisionSource.Online, campaign,
            action == GatewayAction.Throttle ? 0.7 : 0.5, reason, now));
    }
}
