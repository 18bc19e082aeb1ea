using Moat.Contract.Io;
using Moat.Contract.Json;
using Moat.Contract.Records;

namespace Moat.Detection.Tests;

/// <summary>Hand-made traffic for tests: accounts and exchanges built in code, written as contract files.</summary>
internal sealed class Traffic
{
    public static readonly DateTime Start = new(2026, 4, 6, 0, 0, 0, DateTimeKind.Utc);
    private int _next;

    public List<Account> Accounts { get; } = [];
    public List<Exchange> Exchanges { get; } = [];

    public Account Account(string id, string? payment = null, string? signupIp = null, string country = "US",
        string tier = "free", string? org = null, bool verified = false, double createdDaysBefore = 200)
    {
        var a = new Account
        {
            AccountId = id, CreatedAt = Start.AddDays(-createdDaysBefore), PaymentFingerprint = payment ?? "pm_" + id,
            SignupIp = signupIp ?? $"198.18.{Accounts.Count / 250}.{Accounts.Count % 250}", Country = country, Tier = tier,
            OrgId = org, Verified = verified,
        };
        Accounts.Add(a);
        return a;
    }

    public Exchange Send(string account, DateTime ts, string prompt, string? ip = null, bool reasoning = false,
        int tools = 0, int inputTokens = 60, int outputTokens = 300, string model = "frontier-4", bool conversation = false,
        string userAgent = "python-httpx/0.27.0", string? org = null)
    {
        var messages = new List<ChatMessage>();
        if (conversation)
        {
            messages.Add(new ChatMessage(ChatRoles.User, "earlier question"));
            messages.Add(new ChatMessage(ChatRoles.Assistant, "earlier answer"));
        }
        messages.Add(new ChatMessage(ChatRoles.User, prompt));
        var e = new Exchange
        {
            Id = $"ex_{_next++:D7}", Ts = ts, AccountId = account, OrgId = org, Ip = ip ?? "203.0.113.9", UserAgent = userAgent,
            TlsFingerprint = "t13d1516h2_" + userAgent.Length, Endpoint = "/v1/messages", Model = model,
            Request = new ExchangeRequest { Messages = messages, Reasoning = reasoning, Tools = tools, MaxTokens = 4096 },
            Response = new ExchangeResponse { Status = 200, InputTokens = inputTokens, OutputTokens = outputTokens, ReasoningTokens = reasoning ? outputTokens / 2 : null },
        };
        Exchanges.Add(e);
        return e;
    }

    /// <summary>Writes exchanges (sorted by time) and accounts into <paramref name="dir"/>.</summary>
    public (string Exchanges, string Accounts) Write(string dir, params string[] extraLines)
    {
        Directory.CreateDirectory(dir);
        string ex = Path.Combine(dir, "exchanges.jsonl"), ac = Path.Combine(dir, "accounts.jsonl");
        using (var w = RecordWriter<Exchange>.Create(ex, ExchangeCodec.Instance))
            foreach (var e in Exchanges.OrderBy(e => e.Ts).ThenBy(e => e.Id, StringComparer.Ordinal)) w.Write(e);
        if (extraLines.Length > 0) File.AppendAllLines(ex, extraLines);
        using (var w = RecordWriter<Account>.Create(ac, AccountCodec.Instance))
            foreach (var a in Accounts) w.Write(a);
        return (ex, ac);
    }

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "moat-detect-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return dir;
    }
}

/// <summary>A small world: organic users (some behind one NAT), one verified organisation, and a fleet.</summary>
internal static class World
{
    private static readonly string[] Topics = ["a birthday poem for my sister", "how tides work", "a packing list for Lisbon",
        "why my sourdough is flat", "the plot of Hamlet", "a polite email declining a meeting", "tips for running in the heat",
        "how to repot a fern", "what causes inflation", "a bedtime story about a fox", "how vaccines train immunity",
        "ideas for a rainy Sunday", "the difference between weather and climate", "how to negotiate rent"];

    public static Traffic Build(int organic = 60, int fleet = 12, int natUsers = 20, int orgAccounts = 4, int seed = 7)
    {
        var rng = new Random(seed);
        var t = new Traffic();
        for (int i = 0; i < organic; i++)
        {
            string id = $"user_{i:D3}";
            bool nat = i < natUsers;
            t.Account(id, country: "US", createdDaysBefore: 30 + rng.Next(600));
            int n = 5 + rng.Next(25);
            for (int k = 0; k < n; k++)
            {
                // Humans: afternoons and evenings US time, in bursts, mostly conversational.
                var ts = Traffic.Start.AddDays(rng.Next(14)).AddHours(15 + rng.Next(9)).AddMinutes(rng.Next(60)).AddSeconds(rng.Next(60));
                string prompt = rng.Next(3) switch
                {
                    0 => $"Can you tell me about {Topics[rng.Next(Topics.Length)]}? I keep wondering.",
                    1 => $"hey, quick one: {Topics[rng.Next(Topics.Length)]} — thoughts {rng.Next(1000)}",
                    _ => $"I need help with {Topics[rng.Next(Topics.Length)]} for tomorrow, something short please",
                };
                t.Send(id, ts, prompt, ip: nat ? "100.64.0.1" : $"73.{i}.{rng.Next(3)}.{rng.Next(250)}", conversation: rng.Next(3) > 0,
                    userAgent: rng.Next(2) == 0 ? "Mozilla/5.0" : "python-requests/2.32.3", inputTokens: 200 + rng.Next(400), outputTokens: 150 + rng.Next(300));
            }
        }
        for (int i = 0; i < orgAccounts; i++)
        {
            // A declared, verified organisation: one payment profile, batch jobs with one template.
            string id = $"corp_{i}";
            t.Account(id, payment: "pm_corp", org: "org_corp", verified: true, tier: "enterprise");
            for (int k = 0; k < 120; k++)
                t.Send(id, Traffic.Start.AddDays(k % 14).AddHours(2).AddMinutes(k % 60 + i), $"Classify the sentiment of review {k * 7 + i}: \"{Topics[k % Topics.Length]}\"",
                    ip: "35.1.1.1", org: "org_corp", inputTokens: 300, outputTokens: 5);
        }
        for (int i = 0; i < fleet; i++)
        {
            // The fleet: shared payments and sign-up network, templates eliciting reasoning, round the clock.
            string id = $"fleet_{i:D2}";
            t.Account(id, payment: $"pm_pool_{i % 3}", signupIp: $"45.9.9.{i % 4}", createdDaysBefore: 1 + i % 2 / 10.0);
            for (int k = 0; k < 150; k++)
            {
                var ts = Traffic.Start.AddMinutes(k * 130 + i * 3 + rng.Next(5));
                string prompt = (k % 3) switch
                {
                    0 => $"Solve step by step and show all of your reasoning before the answer.\n\nProblem {rng.Next(100000)}: {Topics[rng.Next(Topics.Length)]}",
                    1 => $"Think through this carefully, step by step, explaining each step.\n\n{Topics[rng.Next(Topics.Length)]} ({rng.Next(999)})",
                    _ => $"{Topics[rng.Next(Topics.Length)]} {rng.Next(99)}\n\nReason step by step and justify every step of the derivation.",
                };
                t.Send(id, ts, prompt, ip: $"185.220.{i % 3}.{rng.Next(4)}", reasoning: true, inputTokens: 80, outputTokens: 3000,
                    model: k > 100 ? "frontier-5" : "frontier-4");
            }
        }
        return t;
    }
}
