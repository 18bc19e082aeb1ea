using System.Collections.Concurrent;

namespace Moat.Gateway.Scoring;

/// <summary>
/// The light state the gateway keeps per account: request counts in the current and previous minute
/// (a sliding estimate of the rate), template matches, and when it was first and last seen. Memory
/// grows with accounts, never with requests.
/// </summary>
public sealed class AccountState
{
    private readonly Lock _gate = new();
    private long _minute;
    private int _thisMinute, _lastMinute;

    public AccountState(DateTime firstSeen) { FirstSeen = firstSeen; LastSeen = firstSeen; }

    public DateTime FirstSeen { get; }
    public DateTime LastSeen { get; private set; }
    public long Requests { get; private set; }
    public long TemplateMatches { get; private set; }
    public long Exchanges { get; private set; }
    public string? LastTemplateId { get; private set; }
    public string? LastTemplateCampaign { get; private set; }

    /// <summary>Counts a request and returns the requests of the last 60 seconds (estimated).</summary>
    public double CountRequest(DateTime now)
    {
        lock (_gate)
        {
            long minute = now.Ticks / TimeSpan.TicksPerMinute;
            if (minute != _minute)
            {
                _lastMinute = minute == _minute + 1 ? _thisMinute : 0;
                _thisMinute = 0;
                _minute = minute;
            }
            _thisMinute++;
            Requests++;
            LastSeen = now;
            double elapsed = (double)(now.Ticks % TimeSpan.TicksPerMinute) / TimeSpan.TicksPerMinute;
            return _thisMinute + _lastMinute * (1 - elapsed);
        }
    }

    public long CountExchange(TemplateMatch? match)
    {
        lock (_gate)
        {
            Exchanges++;
            if (match is { } m)
            {
                TemplateMatches++;
                LastTemplateId = m.TemplateId;
                LastTemplateCampaign = m.CampaignId;
            }
            return TemplateMatches;
        }
    }

    public double RequestsPerMinute(DateTime now)
    {
        lock (_gate)
        {
            long minute = now.Ticks / TimeSpan.TicksPerMinute;
            if (minute == _minute)
                return _thisMinute + _lastMinute * (1 - (double)(now.Ticks % TimeSpan.TicksPerMinute) / TimeSpan.TicksPerMinute);
            return minute == _minute + 1 ? _thisMinute * (1 - (double)(now.Ticks % TimeSpan.TicksPerMinute) / TimeSpan.TicksPerMinute) : 0;
        }
    }
}

/// <summary>Every account's <see cref="AccountState"/>.</summary>
public sealed class AccountActivity
{
    private readonly ConcurrentDictionary<string, AccountState> _states = new(StringComparer.Ordinal);

    public int Count => _states.Count;

    /// <summary>The account's state, and whether this is the first time the gateway sees it.</summary>
    public AccountState Get(string accountId, DateTime now, out bool first)
    {
        if (_states.TryGetValue(accountId, out var state)) { first = false; return state; }
        var created = new AccountState(now);
        state = _states.GetOrAdd(accountId, created);
        first = ReferenceEquals(state, created);
        return state;
    }

    public AccountState? Find(string accountId) => _states.GetValueOrDefault(accountId);
}
