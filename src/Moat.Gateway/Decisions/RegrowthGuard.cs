using Moat.Contract.Records;
using Moat.Gateway.Accounts;

namespace Moat.Gateway.Decisions;

/// <summary>
/// Regrowth prevention: a blocked campaign's operators sign up again with the same card or from the
/// same machine. A new account sharing a payment fingerprint or sign-up IP with a blocked account
/// is blocked at its first request, before it harvests anything.
/// </summary>
public sealed class RegrowthGuard(AccountRegistry registry, DecisionBook decisions)
{
    private sealed record Index(int RegistryVersion, int DecisionVersion,
        Dictionary<string, AccountDecision> ByPayment, Dictionary<string, AccountDecision> BySignupIp);

    private volatile Index? _index;
    private readonly Lock _rebuild = new();

    /// <summary>The block decision for <paramref name="accountId"/> if it is linked to a blocked account, else null.</summary>
    public AccountDecision? Check(string accountId, DateTime now)
    {
        var account = registry.Find(accountId);
        if (account is null || (account.PaymentFingerprint is null && account.SignupIp is null)) return null;
        var index = Current();
        if (account.PaymentFingerprint is { } pay && index.ByPayment.TryGetValue(pay, out var viaPayment) && viaPayment.AccountId != accountId)
            return Block(accountId, viaPayment, "payment fingerprint", now);
        if (account.SignupIp is { } ip && index.BySignupIp.TryGetValue(ip, out var viaIp) && viaIp.AccountId != accountId)
            return Block(accountId, viaIp, "sign-up IP", now);
        return null;
    }

    private static AccountDecision Block(string accountId, AccountDecision blocked, string shared, DateTime now)
    {
        string campaign = blocked.CampaignId ?? blocked.AccountId;
        return new AccountDecision(accountId, GatewayAction.Block, DecisionSource.Online, blocked.CampaignId,
            Math.Max(blocked.Score, 0.9), $"regrowth: shares {shared} with blocked account {blocked.AccountId} (campaign {campaign})", now);
    }

    private Index Current()
    {
        var index = _index;
        if (index is not null && index.RegistryVersion == registry.Version && index.DecisionVersion == decisions.Version) return index;
        lock (_rebuild)
        {
            index = _index;
            int rv = registry.Version, dv = decisions.Version;
            if (index is not null && index.RegistryVersion == rv && index.DecisionVersion == dv) return index;
            var byPayment = new Dictionary<string, AccountDecision>(StringComparer.Ordinal);
            var byIp = new Dictionary<string, AccountDecision>(StringComparer.Ordinal);
            foreach (var decision in decisions.Snapshot())
            {
                // Only blocks that a scan or an admin made seed regrowth; an online regrowth block
                // seeding further blocks would let one shared NAT address spread through strangers.
                if (decision.Action != GatewayAction.Block || decision.Source == DecisionSource.Online) continue;
                if (registry.Find(decision.AccountId) is not Account a) continue;
                if (a.PaymentFingerprint is { } pay) byPayment.TryAdd(pay, decision);
                if (a.SignupIp is { } ip) byIp.TryAdd(ip, decision);
            }
            index = new Index(rv, dv, byPayment, byIp);
            _index = index;
            return index;
        }
    }
}
