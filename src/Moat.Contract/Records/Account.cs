namespace Moat.Contract.Records;

/// <summary>One entry of the account registry (data contract §2).</summary>
public sealed record Account
{
    public required string AccountId { get; init; }
    public required DateTime CreatedAt { get; init; }
    public string? OrgId { get; init; }
    public string? EmailDomain { get; init; }
    public string? PaymentFingerprint { get; init; }
    public string? Country { get; init; }
    public string? SignupIp { get; init; }
    public string? Tier { get; init; }
    public bool? Verified { get; init; }
}

/// <summary>The sign-up tiers the contract names.</summary>
public static class AccountTiers
{
    public const string Free = "free";
    public const string Paid = "paid";
    public const string Startup = "startup";
    public const string Education = "education";
    public const string Research = "research";
    public const string Enterprise = "enterprise";
}
