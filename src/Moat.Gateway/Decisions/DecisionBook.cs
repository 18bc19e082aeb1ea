using System.Collections.Concurrent;
using System.Collections.Frozen;
using Moat.Contract.Io;

namespace Moat.Gateway.Decisions;

/// <summary>
/// Every account's decision from the three sources. An admin decision wins outright (it can also
/// set <c>allow</c> to clear a false positive); otherwise the more severe of the scan's and the
/// online rules' decisions applies, so online rules only ever raise. Admin and online decisions are
/// the gateway's own and survive a restart through <see cref="DecisionStore"/>, which listens to
/// <see cref="Changed"/>; scan decisions are always enforcement.csv's and are never stored.
/// </summary>
public sealed class DecisionBook
{
    private volatile FrozenDictionary<string, AccountDecision> _scan = FrozenDictionary<string, AccountDecision>.Empty;
    private readonly ConcurrentDictionary<string, AccountDecision> _admin = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AccountDecision> _online = new(StringComparer.Ordinal);
    private int _version;

    /// <summary>Changes whenever any decision changes, so indexes over blocked accounts know when to rebuild.</summary>
    public int Version => Volatile.Read(ref _version);

    /// <summary>Rows of the last enforcement.csv load that were skipped as invalid.</summary>
    public long ScanBadRows { get; private set; }

    /// <summary>
    /// Raised after an admin or online decision of an account changed (set, raised or removed). Handlers
    /// run on the caller's thread, the request path included: they must only queue work.
    /// </summary>
    public event Action<string, DecisionSource>? Changed;

    public AccountDecision? Find(string accountId)
    {
        if (_admin.TryGetValue(accountId, out var admin)) return admin;
        _scan.TryGetValue(accountId, out var scan);
        _online.TryGetValue(accountId, out var online);
        if (scan is null) return online;
        if (online is null) return scan;
        return online.Action > scan.Action ? online : scan;
    }

    public GatewayAction ActionOf(string accountId) => Find(accountId)?.Action ?? GatewayAction.Allow;

    /// <summary>Loads a scan's enforcement.csv, replacing the previous scan decisions.</summary>
    public void LoadEnforcement(string path)
    {
        var report = new ReadReport();
        var rows = EnforcementCsv.Read(path, report);
        var now = DateTime.UtcNow;
        var table = new Dictionary<string, AccountDecision>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!GatewayActions.TryParse(row.Action, out var action)) continue;
            var decision = new AccountDecision(row.AccountId, action, DecisionSource.Scan, row.CampaignId, row.Score, row.Reason, now);
            // One account listed twice keeps its most severe action.
            if (!table.TryGetValue(row.AccountId, out var seen) || seen.Action < action) table[row.AccountId] = decision;
        }
        _scan = table.ToFrozenDictionary(StringComparer.Ordinal);
        ScanBadRows = report.BadLines;
        Interlocked.Increment(ref _version);
    }

    public void SetAdmin(AccountDecision decision)
    {
        _admin[decision.AccountId] = decision with { Source = DecisionSource.Admin };
        Interlocked.Increment(ref _version);
        Changed?.Invoke(decision.AccountId, DecisionSource.Admin);
    }

    /// <summary>Removes the admin override, so the scan and online decisions apply again.</summary>
    public bool ClearAdmin(string accountId)
    {
        bool removed = _admin.TryRemove(accountId, out _);
        if (!removed) return false;
        Interlocked.Increment(ref _version);
        Changed?.Invoke(accountId, DecisionSource.Admin);
        return true;
    }

    /// <summary>
    /// Removes an online decision (they are kept across restarts, so an operator needs a way to
    /// withdraw one that was wrong without pinning the account with an admin decision).
    /// </summary>
    public bool ClearOnline(string accountId)
    {
        bool removed = _online.TryRemove(accountId, out _);
        if (!removed) return false;
        Interlocked.Increment(ref _version);
        Changed?.Invoke(accountId, DecisionSource.Online);
        return true;
    }

    /// <summary>One source's current decision of an account (what <see cref="DecisionStore"/> writes).</summary>
    public AccountDecision? Get(string accountId, DecisionSource source) => source switch
    {
        DecisionSource.Admin => _admin.GetValueOrDefault(accountId),
        DecisionSource.Online => _online.GetValueOrDefault(accountId),
        _ => _scan.GetValueOrDefault(accountId),
    };

    /// <summary>
    /// Puts back admin and online decisions saved by a previous run, before traffic starts. Raises no
    /// <see cref="Changed"/>: they are already stored.
    /// </summary>
    public void Restore(IEnumerable<AccountDecision> saved)
    {
        foreach (var d in saved)
        {
            if (d.Source == DecisionSource.Admin) _admin[d.AccountId] = d;
            else if (d.Source == DecisionSource.Online) _online[d.AccountId] = d;
        }
        Interlocked.Increment(ref _version);
    }

    /// <summary>Raises an account from an online rule; never lowers an existing online decision.</summary>
    public bool RaiseOnline(AccountDecision decision)
    {
        decision = decision with { Source = DecisionSource.Online };
        while (true)
        {
            if (_online.TryGetValue(decision.AccountId, out var current))
            {
                if (current.Action >= decision.Action) return false;
                if (_online.TryUpdate(decision.AccountId, decision, current)) break;
            }
            else if (_online.TryAdd(decision.AccountId, decision)) break;
        }
        Interlocked.Increment(ref _version);
        Changed?.Invoke(decision.AccountId, DecisionSource.Online);
        return true;
    }

    /// <summary>The effective decision of every account that has one.</summary>
    public List<AccountDecision> Snapshot()
    {
        var ids = new HashSet<string>(_scan.Keys, StringComparer.Ordinal);
        ids.UnionWith(_admin.Keys);
        ids.UnionWith(_online.Keys);
        var result = new List<AccountDecision>(ids.Count);
        foreach (var id in ids)
        {
            if (Find(id) is { } d) result.Add(d);
        }
        result.Sort((a, b) => string.CompareOrdinal(a.AccountId, b.AccountId));
        return result;
    }

    /// <summary>Each source's decision of one account, for the admin API's account view.</summary>
    public (AccountDecision? Scan, AccountDecision? Admin, AccountDecision? Online) Sources(string accountId) =>
        (_scan.GetValueOrDefault(accountId), _admin.GetValueOrDefault(accountId), _online.GetValueOrDefault(accountId));
}
