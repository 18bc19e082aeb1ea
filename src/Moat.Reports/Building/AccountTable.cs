using Moat.Contract.Records;

namespace Moat.Reports.Building;

/// <summary>One account as the report's table shows it. <see cref="Campaign"/> is an index into the campaigns, -1 for none.</summary>
public sealed record AccountRow(string Id, double? Score, int Campaign, string Action, long? Exchanges, IReadOnlyList<string> Reasons);

/// <summary>The accounts the page lists, with the counts that describe every scored account.</summary>
public sealed record AccountTable(
    IReadOnlyList<AccountRow> Rows,
    long ScoredAccounts,
    long OmittedAccounts,
    ScoreHistogram Histogram,
    IReadOnlyList<IReadOnlyDictionary<string, int>> ActionsPerCampaign);

/// <summary>Score distribution in fixed bins of 0.05, split between campaign members and everyone else.</summary>
public sealed class ScoreHistogram
{
    public const int Bins = 20;

    public long[] Members { get; } = new long[Bins];
    public long[] Others { get; } = new long[Bins];

    public void Add(double score, bool member)
    {
        int bin = Math.Clamp((int)(score * Bins), 0, Bins - 1);
        (member ? Members : Others)[bin]++;
    }
}

/// <summary>
/// Builds the account table from a stream of scores. Every account an analyst may act on is kept
/// (campaign members, any action other than allow, scores of at least <see cref="FlagThreshold"/>); of the
/// rest only the highest-scored <c>maxUnflagged</c> are kept, so a scan of millions of organic accounts
/// still yields a page of a few megabytes. The histogram counts every account.
/// </summary>
public sealed class AccountTableBuilder
{
    public const double FlagThreshold = 0.5;

    /// <summary>The action shown for a campaign member that has no line in account_scores.jsonl or enforcement.csv.</summary>
    public const string UnknownAction = "unknown";

    private readonly Dictionary<string, int> _campaignById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _membership = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EnforcementEntry> _enforcement;
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly List<AccountRow> _kept = [];
    private readonly PriorityQueue<AccountRow, double> _unflagged = new();
    private readonly int _maxUnflagged;
    private readonly ScoreHistogram _histogram = new();
    private readonly List<Campaign> _campaigns;
    private long _scored;
    private long _omitted;

    public AccountTableBuilder(IReadOnlyList<Campaign> campaigns, IReadOnlyDictionary<string, EnforcementEntry> enforcement, int maxUnflagged)
    {
        _campaigns = [.. campaigns];
        for (int i = 0; i < campaigns.Count; i++)
        {
            _campaignById.TryAdd(campaigns[i].Id, i);
            foreach (var account in campaigns[i].Accounts) _membership.TryAdd(account, i);
        }
        _enforcement = new Dictionary<string, EnforcementEntry>(enforcement, StringComparer.Ordinal);
        _maxUnflagged = maxUnflagged;
    }

    public void Add(AccountScore score)
    {
        if (!_seen.Add(score.AccountId)) return; // a repeated line must not count an account twice
        int campaign = score.CampaignId is { } id && _campaignById.TryGetValue(id, out var byId) ? byId
            : _membership.TryGetValue(score.AccountId, out var byMember) ? byMember : -1;
        string action = score.Action ?? (_enforcement.TryGetValue(score.AccountId, out var e) ? e.Action : EnforcementActions.Allow);
        var row = new AccountRow(score.AccountId, score.Score, campaign, action, score.Exchanges, score.Reasons);
        _scored++;
        _histogram.Add(score.Score, campaign >= 0);
        Keep(row);
    }

    private void Keep(AccountRow row)
    {
        bool flagged = row.Campaign >= 0 || row.Action != EnforcementActions.Allow || row.Score >= FlagThreshold;
        if (flagged) { _kept.Add(row); return; }
        double score = row.Score ?? 0;
        if (_unflagged.Count < _maxUnflagged) { _unflagged.Enqueue(row, score); return; }
        _omitted++;
        if (_unflagged.TryPeek(out _, out var lowest) && score > lowest) _unflagged.EnqueueDequeue(row, score);
    }

    /// <summary>Adds the accounts known only from enforcement.csv or campaign membership, then returns the table.</summary>
    public AccountTable Finish()
    {
        foreach (var (id, entry) in _enforcement)
        {
            if (_seen.Contains(id)) continue;
            _seen.Add(id);
            int campaign = entry.CampaignId is { } c && _campaignById.TryGetValue(c, out var byId) ? byId
                : _membership.TryGetValue(id, out var byMember) ? byMember : -1;
            Keep(new AccountRow(id, entry.Score, campaign, entry.Action, null, entry.Reason.Length > 0 ? [entry.Reason] : []));
        }
        foreach (var (id, campaign) in _membership)
        {
            if (!_seen.Add(id)) continue;
            Keep(new AccountRow(id, null, campaign, UnknownAction, null, []));
        }

        var rows = new List<AccountRow>(_kept.Count + _unflagged.Count);
        rows.AddRange(_kept);
        while (_unflagged.TryDequeue(out var row, out _)) rows.Add(row);

        var actions = new Dictionary<string, int>[_campaigns.Count];
        for (int i = 0; i < actions.Length; i++) actions[i] = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.Campaign < 0) continue;
            var counts = actions[row.Campaign];
            counts[row.Action] = counts.GetValueOrDefault(row.Action) + 1;
        }
        return new AccountTable(rows, _scored, _omitted, _histogram, actions);
    }
}
