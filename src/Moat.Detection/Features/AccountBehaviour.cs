using Moat.Contract.Records;

namespace Moat.Detection.Features;

/// <summary>A prompt kept as an example of what an account sent, with its sketch.</summary>
public sealed record PromptExample(string Text, TemplateBands Bands);

/// <summary>
/// Everything detection keeps about one account: fixed-size aggregates updated once per exchange
/// (counts, rhythm histograms, gap moments, heavy-hitter IPs and clients, a few example prompts).
/// Memory is per account and does not grow with the account's exchanges.
/// </summary>
public sealed class AccountBehaviour(int index, string accountId)
{
    public const int ActivityHours = 768; // 32 days of hourly bits, used as a ring
    public const int MaxExamples = 3;
    public const int MaxExampleChars = 400;

    public int Index { get; } = index;
    public string AccountId { get; } = accountId;
    public Account? Registry { get; set; }

    public long Exchanges;
    public long FirstTicks = long.MaxValue;
    public long LastTicks = long.MinValue;
    private long _previousTicks = long.MinValue;

    // Moments of inter-arrival gaps (seconds) and their logs: burstiness and regularity.
    public long Gaps;
    public double GapSum, GapSumSquares, LogGapSum, LogGapSumSquares;

    public const int DayRing = 64;
    public readonly int[] HourOfDay = new int[24];
    /// <summary>Exchanges per UTC day, as a ring of 64 days (windows up to two months are exact).</summary>
    public readonly int[] Days = new int[DayRing];
    public readonly int[] DayOfWeek = new int[7];
    public readonly ulong[] ActiveHours = new ulong[ActivityHours / 64];
    public readonly int[] Capabilities = new int[CapabilityNames.Count];

    public int ChainOfThought, Grading, Reasoning, Conversational, Tools, Failed;
    public long InputTokens, OutputTokens;

    public readonly TopK<string> Ips = new(4, StringComparer.Ordinal);
    public readonly TopK<string> Clients = new(2, StringComparer.Ordinal);
    public readonly TopK<string> Models = new(4, StringComparer.Ordinal);
    /// <summary>First use of each model this account sent (model, ticks), at most a few.</summary>
    public readonly List<(string Model, long Ticks)> ModelFirstUse = new(2);
    public string? DeclaredOrg;
    public readonly List<PromptExample> Examples = new(MaxExamples);

    /// <summary>Heavy-hitter mined templates (filled in the template pass).</summary>
    public readonly TopK<int> Templates = new(8);
    public int TemplatedExchanges;

    public void Add(in ExchangeFeatures f)
    {
        Exchanges++;
        long t = f.Ticks;
        if (t < FirstTicks) FirstTicks = t;
        if (t > LastTicks) LastTicks = t;
        if (_previousTicks != long.MinValue && t >= _previousTicks)
        {
            double gap = Math.Max((t - _previousTicks) / (double)TimeSpan.TicksPerSecond, 0.5);
            double log = Math.Log(gap);
            Gaps++;
            GapSum += gap;
            GapSumSquares += gap * gap;
            LogGapSum += log;
            LogGapSumSquares += log * log;
        }
        if (t >= _previousTicks) _previousTicks = t;

        var ts = new DateTime(t, DateTimeKind.Utc);
        HourOfDay[ts.Hour]++;
        Days[(int)(t / TimeSpan.TicksPerDay % DayRing)]++;
        DayOfWeek[(int)ts.DayOfWeek]++;
        long hour = t / TimeSpan.TicksPerHour % ActivityHours;
        ActiveHours[hour >> 6] |= 1UL << (int)(hour & 63);
        Capabilities[(int)f.Capability]++;

        var flags = f.Flags;
        if ((flags & ExchangeFlags.ChainOfThought) != 0) ChainOfThought++;
        if ((flags & ExchangeFlags.Grading) != 0) Grading++;
        if ((flags & ExchangeFlags.ReasoningRequested) != 0) Reasoning++;
        if ((flags & ExchangeFlags.Conversational) != 0) Conversational++;
        if ((flags & ExchangeFlags.Tools) != 0) Tools++;
        if ((flags & ExchangeFlags.Failed) != 0) Failed++;
        InputTokens += f.InputTokens;
        OutputTokens += f.OutputTokens;

        if (f.Ip is { Length: > 0 } ip) Ips.Add(ip);
        if (f.UserAgent is not null || f.TlsFingerprint is not null) Clients.Add(ClientKey(f.UserAgent, f.TlsFingerprint));
        Models.Add(f.Model);
        bool seen = false;
        foreach (var (model, _) in ModelFirstUse) if (model == f.Model) { seen = true; break; }
        if (!seen && ModelFirstUse.Count < 8) ModelFirstUse.Add((f.Model, t));
        DeclaredOrg ??= f.OrgId;
        if (Examples.Count < MaxExamples && (f.Flags & ExchangeFlags.EmptyPrompt) == 0)
        {
            string prompt = f.PromptText();
            string text = prompt.Length > MaxExampleChars ? prompt[..MaxExampleChars] + "…" : prompt;
            Examples.Add(new PromptExample(text, f.Bands));
        }
    }

    // The client key is built only when the pair is new to this account's small table would be ideal;
    // interning keeps the common case to one lookup and no new string per exchange.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string?, string?), string> ClientKeys = new();

    public static string ClientKey(string? userAgent, string? tls) =>
        ClientKeys.GetOrAdd((userAgent, tls), static k => $"{k.Item1 ?? "-"} | {k.Item2 ?? "-"}");
}
