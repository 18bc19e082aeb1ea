namespace Moat.Simulation;

/// <summary>Progress of a run: exchanges written so far out of about how many.</summary>
public readonly record struct SimulationProgress(int Day, int Days, long Exchanges, long TargetExchanges);

/// <summary>What a run wrote.</summary>
public sealed record SimulationSummary
{
    public required string ExchangesPath { get; init; }
    public required string AccountsPath { get; init; }
    public required string LabelsPath { get; init; }
    public required long Exchanges { get; init; }
    public required int Accounts { get; init; }
    public required int AttackAccounts { get; init; }
    /// <summary>Exchanges per persona, in persona order (organic first).</summary>
    public required IReadOnlyList<KeyValuePair<string, long>> ExchangesByPersona { get; init; }
    /// <summary>Exchanges per campaign id, in campaign order.</summary>
    public required IReadOnlyList<KeyValuePair<string, long>> ExchangesByCampaign { get; init; }
    public required TimeSpan Elapsed { get; init; }
}
