using System.Net;
using System.Text;
using System.Text.Json;
using Moat.Contract.Io;
using Moat.Contract.Json;
using Moat.Contract.Records;
using Moat.Gateway.Accounts;
using Moat.Gateway.Logging;
using Moat.Gateway.Proxy;
using Moat.Gateway.Tests.Support;

namespace Moat.Gateway.Tests;

public sealed class ExchangeLogTests
{
    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    [Fact]
    public async Task Every_exchange_is_logged_in_the_contract_format_with_text_and_usage_from_json_and_streams()
    {
        await using var h = await GatewayHarness.StartAsync(
            "account_id,action,campaign_id,score,reason\nacct_bob,block,camp_1,0.9,x\n",
            """{"account_id":"acct_alice","created_at":"2026-01-01T00:00:00Z","org_id":"org_7"}""" + "\n");
        var ct = TestContext.Current.CancellationToken;
        using var openai = h.Client("sk-alice");
        openai.DefaultRequestHeaders.UserAgent.ParseAdd("test-agent/1.0");
        (await openai.PostAsync("/v1/chat/completions", Json(new
        {
            model = "fake-model", temperature = 0.2, max_completion_tokens = 50, reasoning_effort = "high",
            tools = new[] { new { type = "function", function = new { name = "f" } } },
            messages = new object[] { new { role = "system", content = "be brief" }, new { role = "user", content = new[] { new { type = "text", text = "json please" } } } },
        }), ct)).Dispose();
        (await openai.PostAsync("/v1/chat/completions", Json(new
        {
            model = "fake-model", stream = true, stream_options = new { include_usage = true },
            messages = new[] { new { role = "user", content = "stream please" } },
        }), ct)).Dispose();
        using var anthropic = h.Client("sk-alice", anthropic: true);
        (await anthropic.PostAsync("/v1/messages", Json(new
        {
            model = "fake-claude", max_tokens = 100, stream = true, system = "sys", thinking = new { type = "enabled", budget_tokens = 64 },
            messages = new[] { new { role = "user", content = "claude stream" } },
        }), ct)).Dispose();
        using var bob = h.Client("sk-bob");
        (await bob.PostAsync("/v1/chat/completions", Json(new { model = "fake-model", messages = new[] { new { role = "user", content = "blocked one" } } }), ct)).Dispose();
        // Not an exchange: pass-through routes are forwarded, not logged.
        (await openai.GetAsync("/v1/models", ct)).Dispose();

        var files = await h.StopAndListLogAsync();
        var file = Assert.Single(files);
        Assert.Matches(@"exchanges-\d{8}T\d{6}Z\.jsonl$", file);
        var report = new ReadReport();
        var exchanges = RecordReader.Read(file, ExchangeCodec.Instance, report).ToList();
        Assert.Equal(0, report.BadLines);
        Assert.Equal(4, exchanges.Count);
        Assert.Equal(exchanges.Count, exchanges.Select(e => e.Id).Distinct().Count());

        var json = exchanges.Single(e => e.Prompt == "json please");
        Assert.Equal("acct_alice", json.AccountId);
        Assert.Equal("org_7", json.OrgId);
        Assert.Equal("key_alice", json.ApiKeyId);
        Assert.Equal("127.0.0.1", json.Ip);
        Assert.Equal("test-agent/1.0", json.UserAgent);
        Assert.Equal("/v1/chat/completions", json.Endpoint);
        Assert.Equal("fake-model", json.Model);
        Assert.Equal("be brief", json.Request.System);
        Assert.Equal(1, json.Request.Tools);
        Assert.Equal(50, json.Request.MaxTokens);
        Assert.Equal(0.2, json.Request.Temperature);
        Assert.True(json.Request.Reasoning);
        Assert.Equal(200, json.Response.Status);
        Assert.Equal("echo: json please", json.Response.Text);
        Assert.Equal(11, json.Response.InputTokens);
        Assert.Equal(7, json.Response.OutputTokens);
        Assert.Equal(4, json.Response.ReasoningTokens);
        Assert.Equal("stop", json.Response.FinishReason);
        Assert.NotNull(json.Response.LatencyMs);

        var stream = exchanges.Single(e => e.Prompt == "stream please");
        Assert.True(stream.Request.Stream);
        Assert.Equal("echo: stream please", stream.Response.Text);
        Assert.Equal(11, stream.Response.InputTokens);
        Assert.Equal("stop", stream.Response.FinishReason);

        var claude = exchanges.Single(e => e.Prompt == "claude stream");
        Assert.Equal("/v1/messages", claude.Endpoint);
        Assert.Equal("sys", claude.Request.System);
        Assert.True(claude.Request.Reasoning);
        // The model's answer only: thinking is not part of response.text.
        Assert.Equal("echo: claude stream", claude.Response.Text);
        Assert.Equal(13, claude.Response.InputTokens);
        Assert.Equal(9, claude.Response.OutputTokens);
        Assert.Equal("end_turn", claude.Response.FinishReason);

        var blocked = exchanges.Single(e => e.AccountId == "acct_bob");
        Assert.Equal(403, blocked.Response.Status);
        Assert.Equal("blocked one", blocked.Prompt);
        Assert.Null(blocked.Response.Text);
    }

    [Fact]
    public async Task Gzip_log_is_readable_by_the_contract_reader()
    {
        await using var h = await GatewayHarness.StartAsync(configure: o => new GatewayOptions
        {
            Upstream = o.Upstream, UpstreamKey = o.UpstreamKey, KeysPath = o.KeysPath, Port = 0, AdminPort = -1,
            LogDirectory = o.LogDirectory, Log = new ExchangeLogOptions { Gzip = true },
        });
        using var client = h.Client();
        for (int i = 0; i < 3; i++)
            (await client.PostAsync("/v1/chat/completions", Json(new { model = "m", messages = new[] { new { role = "user", content = $"q{i}" } } }), TestContext.Current.CancellationToken)).Dispose();
        var file = Assert.Single(await h.StopAndListLogAsync());
        Assert.EndsWith(".jsonl.gz", file);
        var report = new ReadReport();
        Assert.Equal(["echo: q0", "echo: q1", "echo: q2"], RecordReader.Read(file, ExchangeCodec.Instance, report).Select(e => e.Response.Text!).Order());
    }

    [Fact]
    public void Log_rotates_to_a_new_file_past_its_size_limit()
    {
        var dir = Path.Combine(Path.GetTempPath(), "moat-rot-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var file = new RotatingExchangeFile(dir, new ExchangeLogOptions { RotateBytes = 1 }, TimeProvider.System);
            for (int i = 0; i < 3; i++) file.Write(Sample($"ex_{i}"));
            file.Dispose();
            var files = Directory.GetFiles(dir);
            Assert.Equal(3, files.Length);
            var report = new ReadReport();
            Assert.Equal(3, files.Sum(f => RecordReader.Read(f, ExchangeCodec.Instance, report).Count()));
        }
        finally { Directory.Delete(dir, true); }
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now = start;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void Log_rotates_to_a_new_file_past_its_age_limit()
    {
        var dir = Path.Combine(Path.GetTempPath(), "moat-age-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
            var file = new RotatingExchangeFile(dir, new ExchangeLogOptions { RotateInterval = TimeSpan.FromHours(1) }, clock);
            file.Write(Sample("ex_1"));
            clock.Now = clock.Now.AddMinutes(59);
            file.Write(Sample("ex_2"));
            clock.Now = clock.Now.AddMinutes(2);
            file.Write(Sample("ex_3"));
            file.Dispose();
            Assert.Equal(["exchanges-20261201T100000Z.jsonl", "exchanges-20261201T110100Z.jsonl"], Directory.GetFiles(dir).Select(Path.GetFileName).Order());
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public async Task Client_ip_behind_a_trusted_proxy_is_logged_from_x_forwarded_for()
    {
        await using var h = await GatewayHarness.StartAsync(configure: o => o with { TrustedProxies = [System.Net.IPNetwork.Parse("127.0.0.0/8")] });
        using var client = h.Client();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "6.6.6.6, 203.0.113.77");
        (await client.PostAsync("/v1/chat/completions", Json(new { model = "m", messages = new[] { new { role = "user", content = "where am i" } } }), TestContext.Current.CancellationToken)).Dispose();
        var file = Assert.Single(await h.StopAndListLogAsync());
        Assert.Equal("203.0.113.77", Assert.Single(RecordReader.Read(file, ExchangeCodec.Instance, new ReadReport())).Ip);
        Assert.False(h.Upstream.Requests.Single().Headers.ContainsKey("x-forwarded-for"));
    }

    [Fact]
    public async Task A_full_queue_drops_and_counts_instead_of_blocking_the_request_path()
    {
        using var gate = new ManualResetEventSlim(false);
        var mapper = new BlockingMapper(gate);
        var log = new ExchangeLog(new ExchangeLogOptions { QueueCapacity = 1 }, null, mapper, new AccountRegistry(), TimeProvider.System, null, _ => { });
        int accepted = 0;
        for (int i = 0; i < 5; i++) if (log.Offer(Capture())) accepted++;
        // At most one capture is being mapped and one waits in the queue: the other offers were dropped.
        Assert.InRange(accepted, 1, 2);
        Assert.Equal(5 - accepted, log.Dropped);
        gate.Set();
        await log.DisposeAsync();
        Assert.Equal(accepted, mapper.Mapped);
    }

    private sealed class BlockingMapper(ManualResetEventSlim gate) : IExchangeMapper
    {
        public int Mapped;
        public Exchange Map(ExchangeCapture capture, string id, string? orgId)
        {
            gate.Wait(TimeSpan.FromSeconds(10));
            Interlocked.Increment(ref Mapped);
            return Sample(id);
        }
    }

    private static ExchangeCapture Capture() => new()
    {
        Ts = DateTime.UtcNow, AccountId = "a", Endpoint = Routes.ChatCompletions, Provider = Provider.OpenAI,
        Request = new CaptureBuffer(1024), Status = 200,
    };

    private static Exchange Sample(string id) => new()
    {
        Id = id, Ts = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc), AccountId = "a", Endpoint = Routes.ChatCompletions, Model = "m",
        Request = new ExchangeRequest { Messages = [new ChatMessage(ChatRoles.User, "hi")] },
        Response = new ExchangeResponse { Status = 200, Text = "yo" },
    };
}
