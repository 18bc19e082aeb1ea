using System.Net;
using System.Text;
using System.Text.Json;
using Moat.Contract.Io;
using Moat.Contract.Json;
using Moat.Contract.Records;
using Moat.Detection.Scan;
using Moat.Gateway.Tests.Support;

namespace Moat.Gateway.Tests;

/// <summary>The loop the gateway exists for: log traffic, scan the log, enforce the scan's decisions.</summary>
public sealed class ScanLoopTests
{
    private static readonly string[] Questions =
    [
        "What is the derivative of x^3 sin x?", "Prove that the square root of 2 is irrational.", "How many primes are below 100?",
        "Integrate 1/(1+x^2) from 0 to 1.", "Why does ice float on water?", "Solve 3x + 7 = 22 for x.", "What is the sum of the first 50 odd numbers?",
        "Explain why the harmonic series diverges.", "Find the eigenvalues of [[2,1],[1,2]].", "Is 1001 prime?", "Compute 17 factorial modulo 13.",
        "What is the probability of two sixes with two dice?", "Derive the quadratic formula.", "Convert 0.375 to a fraction.", "Why is the sky blue?",
    ];

    private static readonly string[] Organic =
    [
        "Write a short birthday message for my sister who loves hiking.", "What's a good recipe for a vegetarian lasagna?",
        "Summarise the plot of Pride and Prejudice in three sentences.", "Help me write a polite email declining a meeting invitation.",
        "What are some fun things to do in Lisbon in winter?", "Explain the difference between a Roth IRA and a traditional IRA.",
        "Suggest a name for a golden retriever puppy.", "How do I fix a squeaky door hinge?",
    ];

    [Fact]
    public async Task Gateway_log_is_scanned_and_the_scan_outputs_are_enforced_by_the_next_gateway()
    {
        var ct = TestContext.Current.CancellationToken;
        var accounts = new StringBuilder();
        for (int i = 1; i <= 8; i++)
            accounts.AppendLine($$"""{"account_id":"acct_atk{{i}}","created_at":"2026-11-30T0{{i}}:00:00Z","payment_fingerprint":"card_shared","signup_ip":"203.0.113.{{i}}","email_domain":"mailinator.com","tier":"free"}""");
        for (int i = 1; i <= 8; i++)
            accounts.AppendLine($$"""{"account_id":"acct_org{{i}}","created_at":"2025-0{{i}}-01T00:00:00Z","payment_fingerprint":"card_org{{i}}","signup_ip":"198.51.100.{{i * 10}}","email_domain":"example{{i}}.com","tier":"paid"}""");
        await using var h = await GatewayHarness.StartAsync("account_id,action,campaign_id,score,reason\n", accounts.ToString());

        int sent = 0;
        var work = new List<Task>();
        for (int i = 1; i <= 8; i++)
        {
            int a = i;
            work.Add(Task.Run(async () =>
            {
                using var client = h.Client($"sk-atk{a}");
                client.DefaultRequestHeaders.UserAgent.ParseAdd("harvester/0.3");
                for (int q = 0; q < Questions.Length; q++)
                {
                    using var r = await client.PostAsync("/v1/chat/completions", Body(Harvest(q + a), reasoning: true), ct);
                    Assert.Equal(HttpStatusCode.OK, r.StatusCode);
                    Interlocked.Increment(ref sent);
                }
            }, ct));
        }
        for (int i = 1; i <= 8; i++)
        {
            int a = i;
            work.Add(Task.Run(async () =>
            {
                using var client = h.Client($"sk-org{a}");
                for (int q = 0; q < 3; q++)
                {
                    using var r = await client.PostAsync("/v1/chat/completions", Body(Organic[(q * 3 + a) % Organic.Length], reasoning: false), ct);
                    Assert.Equal(HttpStatusCode.OK, r.StatusCode);
                    Interlocked.Increment(ref sent);
                }
            }, ct));
        }
        await Task.WhenAll(work);

        // 1. The log passes the contract reader.
        var files = await h.StopAndListLogAsync();
        var report = new ReadReport();
        Assert.Equal(sent, files.Sum(f => RecordReader.Read(f, ExchangeCodec.Instance, report).Count()));
        Assert.Equal(0, report.BadLines);

        // 2. The scan `moat scan` runs (same pipeline and writer) reads it and finds the network, and only it.
        var outDir = Path.Combine(h.Directory, "scan");
        var options = new ScanOptions { ExchangeFiles = files, AccountsFile = Path.Combine(h.Directory, "accounts.jsonl"), Workers = 1 };
        var result = new ScanPipeline(options).Run();
        var document = ScanOutputWriter.Write(result, outDir, options.Settings, DateTime.UtcNow);
        Assert.Equal(sent, result.Exchanges);
        Assert.Equal(0, result.ExchangeReport.BadLines);
        var campaign = Assert.Single(document.Campaigns);
        Assert.Equal(Enumerable.Range(1, 8).Select(i => $"acct_atk{i}"), campaign.Accounts.Order());
        var enforced = EnforcementCsv.Read(Path.Combine(outDir, ScanOutputFiles.Enforcement));
        Assert.All(enforced, e => Assert.StartsWith("acct_atk", e.AccountId));

        // 3. A gateway started on the scan's outputs enforces them, blocks a re-registration with the
        //    campaign's card, and recognises the campaign's template from another account.
        var registry = accounts + """{"account_id":"acct_new","created_at":"2026-12-01T00:00:00Z","payment_fingerprint":"card_shared"}""" + "\n";
        await using var next = await GatewayHarness.StartAsync(File.ReadAllText(Path.Combine(outDir, ScanOutputFiles.Enforcement)), registry,
            o => o with { CampaignsPath = Path.Combine(outDir, ScanOutputFiles.Campaigns) });
        foreach (var (key, expected) in new[] { ("sk-atk1", campaign.RecommendedAction == "block" ? HttpStatusCode.Forbidden : HttpStatusCode.OK), ("sk-org1", HttpStatusCode.OK), ("sk-new", HttpStatusCode.Forbidden) })
        {
            using var client = next.Client(key);
            using var r = await client.PostAsync("/v1/chat/completions", Body("hello", reasoning: false), ct);
            Assert.Equal(expected, r.StatusCode);
        }
        Assert.Equal(campaign.Id, next.Gateway.State.Decisions.Find("acct_new")!.CampaignId);

        using (var erin = next.Client("sk-erin"))
        {
            for (int q = 0; q < 6; q++)
            {
                using var r = await erin.PostAsync("/v1/chat/completions", Body(Harvest(q), reasoning: true), ct);
                Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            }
        }
        // Template matching runs off the request path: wait for the log writer to get there.
        for (int i = 0; i < 200 && next.Gateway.State.Decisions.Find("acct_erin") is null; i++) await Task.Delay(25, ct);
        var raised = next.Gateway.State.Decisions.Find("acct_erin");
        Assert.NotNull(raised);
        Assert.Equal(Moat.Gateway.Decisions.GatewayAction.Review, raised.Action);
        Assert.Equal(campaign.Id, raised.CampaignId);
    }

    private static string Harvest(int q) =>
        "You are a careful tutor. Solve the following problem step by step, showing every intermediate reasoning step before the final answer.\n\n"
        + Questions[q % Questions.Length];

    private static StringContent Body(string prompt, bool reasoning) => new(reasoning
        ? JsonSerializer.Serialize(new { model = "fake-model", reasoning_effort = "high", messages = new[] { new { role = "user", content = prompt } } })
        : JsonSerializer.Serialize(new { model = "fake-model", messages = new[] { new { role = "user", content = prompt } } }),
        Encoding.UTF8, "application/json");
}
