using Moat.Contract.Records;

namespace Moat.Simulation.Population;

/// <summary>When an actor is awake, in its own local time.</summary>
public enum Rhythm
{
    /// <summary>Evenings and weekends as much as office hours: people on their own time.</summary>
    Diurnal,
    /// <summary>Office hours, quiet weekends: work tools.</summary>
    Office,
    /// <summary>Flat around the clock: batch jobs and automation.</summary>
    AroundTheClock,
}

/// <summary>
/// One simulated account: its registry entry, its ground truth and how it behaves. Built once
/// before any traffic; immutable afterwards so render threads can read it without locks.
/// </summary>
public sealed class Actor
{
    public required int Index { get; init; }
    public required Account Account { get; init; }
    public required Label Label { get; init; }
    public string AccountId => Account.AccountId;
    public string Persona => Label.Persona!;
    /// <summary>Index into the run's campaigns, or -1 for organic accounts.</summary>
    public int Campaign { get; init; } = -1;

    public int UtcOffsetMinutes { get; init; }
    public string Language { get; init; } = "en";
    public Rhythm Rhythm { get; init; }
    /// <summary>Expected exchanges over the whole window.</summary>
    public double Volume { get; init; }
    /// <summary>First day (0-based) the account can send traffic: it may sign up during the window.</summary>
    public int FirstDay { get; init; }
    /// <summary>Day (0-based, exclusive) the account stops: banned or abandoned. Past the window = never.</summary>
    public int EndDay { get; init; } = int.MaxValue;
    /// <summary>Chance of being active on a given day; volume is concentrated on active days.</summary>
    public double DailyActivity { get; init; } = 1;
    public double SessionMean { get; init; } = 3;
    /// <summary>Mean seconds between exchanges of one session.</summary>
    public double ThinkSeconds { get; init; } = 60;

    public required ClientSoftware Client { get; init; }
    /// <summary>Usual address; with <see cref="AddressPool"/> set, each session picks from the pool instead.</summary>
    public required string HomeIp { get; init; }
    public IReadOnlyList<string>? AddressPool { get; init; }
    /// <summary>Changes to a neighbouring address now and then (DHCP, mobile).</summary>
    public bool RoamingIp { get; init; }
    public int ApiKeys { get; init; } = 1;

    private string[]? _apiKeyIds;

    /// <summary>The account's API key ids, built once: every exchange names one.</summary>
    public string ApiKeyId(int key)
    {
        _apiKeyIds ??= Enumerable.Range(1, ApiKeys).Select(k => $"key_{AccountId[5..]}_{k}").ToArray();
        return _apiKeyIds[key];
    }

    public string? SystemPrompt { get; init; }
    /// <summary>Tool definitions sent with every request (0 = none).</summary>
    public int Tools { get; init; }
    /// <summary>Template this account's integration fills (developer, enterprise, research), or the campaign's first.</summary>
    public int Template { get; init; }
    public bool Reasoning { get; init; }
    public int MaxTokens { get; init; } = 1024;
    public double Temperature { get; init; } = 1.0;
    public bool Stream { get; init; }
    /// <summary>Prefers the small model (cheap integrations).</summary>
    public bool PrefersMini { get; init; }
    /// <summary>Stable per-account key that varies content between accounts.</summary>
    public long Key { get; init; }
}
