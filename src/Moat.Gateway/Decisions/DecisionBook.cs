using System.Collections.Concurrent;
using System.Collections.Frozen;
using Moat.Contract.Io;

namespace Moat.Gateway.Decisions;

/// <summary>
/// Every account's decision from the three sources. An admin decision wins outright (it can also
/// set <c>allow</c> to clear a false positive); otherwise the more severe of the scan's and the
/// online rules' decisions applies, so online rules only ever raise.
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
    }

    /// <summary>Removes the admin override, so the scan and online decisions apply again.</summary>
    public bool ClearAdmin(string accountId)
    {
        bool removed = _admin.TryRemove(accountId, out _);
        if (removed) Interlocked.Increment(ref _version);
        return removed;
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
