using System.Threading.RateLimiting;

namespace Moat.Gateway.Enforcement;

/// <summary>A token bucket per throttled account; idle buckets are reclaimed by the partitioned limiter.</summary>
public sealed class AccountThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly ThrottleOptions _options;

    public AccountThrottle(ThrottleOptions options)
    {
        _options = options;
        _limiter = PartitionedRateLimiter.Create<string, string>(account => RateLimitPartition.GetTokenBucketLimiter(account, _ =>
            new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.Burst,
                TokensPerPeriod = options.TokensPerPeriod,
                ReplenishmentPeriod = options.Period,
                QueueLimit = 0,
                AutoReplenishment = true,
            }), StringComparer.Ordinal);
    }

    /// <summary>Takes a token for the account; when none is left, says how long until the next one.</summary>
    public bool TryAcquire(string accountId, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(accountId);
        if (lease.IsAcquired) { retryAfter = TimeSpan.Zero; return true; }
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : _options.Period;
        return false;
    }

    public void Dispose() => _limiter.Dispose();
}
