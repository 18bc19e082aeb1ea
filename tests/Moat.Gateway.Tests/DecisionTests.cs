using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Moat.Gateway.Tests.Support;

namespace Moat.Gateway.Tests;

public sealed class DecisionTests
{
    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
    private static readonly object Chat = new { model = "fake-model", messages = new[] { new { role = "user", content = "hello" } } };
    private static readonly object Message = new { model = "fake-claude", max_tokens = 64, messages = new[] { new { role = "user", content = "hello" } } };

    private const string Enforcement = """
        account_id,action,campaign_id,score,reason
        acct_bob,block,camp_1,0.97,"shared payment, synchronized templates"
        acct_carol,throttle,,0.6,high volume
        acct_dave,degrade,camp_2,0.8,reasoning harvesting
        """;

    [Fact]
    public async Task Blocked_account_gets_403_in_both_shapes_and_never_reaches_upstream()
    {
        await using var h = await GatewayHarness.StartAsync(Enforcement);
        using var openai = h.Client("sk-bob");
        using var r1 = await openai.PostAsync("/v1/chat/completions", Json(Chat), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, r1.StatusCode);
        var e1 = JsonNode.Parse(await r1.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal("permission_error", (string?)e1["error"]!["type"]);
        Assert.Equal("account_blocked", (string?)e1["error"]!["code"]);

        using var anthropic = h.Client("sk-bob", anthropic: true);
        using var r2 = await anthropic.PostAsync("/v1/messages", Json(Message), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, r2.StatusCode);
        var e2 = JsonNode.Parse(await r2.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal("error", (string?)e2["type"]);
        Assert.Equal("permission_error", (string?)e2["error"]!["type"]);
        Assert.Empty(h.Upstream.Requests);
    }

    [Fact]
    public async Task Throttled_account_gets_429_with_retry_after_once_its_burst_is_spent()
    {
        await using var h = await GatewayHarness.StartAsync(Enforcement);
        using var client = h.Client("sk-carol");
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (int i = 0; i < 5; i++)
        {
            var r = await client.PostAsync("/v1/chat/completions", Json(Chat), TestContext.Current.CancellationToken);
            statuses.Add(r.StatusCode);
            if (r.StatusCode == HttpStatusCode.TooManyRequests) limited ??= r;
        }
        // Default bucket: 3 at once, then 1 per 10 s.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.NotNull(limited!.Headers.RetryAfter?.Delta);
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 10);
        var e = JsonNode.Parse(await limited.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal("rate_limit_exceeded", (string?)e["error"]!["code"]);

        // Others are not affected by carol's bucket.
        using var alice = h.Client("sk-alice");
        using var ok = await alice.PostAsync("/v1/chat/completions", Json(Chat), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Anthropic_throttle_uses_the_rate_limit_error_shape()
    {
        await using var h = await GatewayHarness.StartAsync(Enforcement);
        using var client = h.Client("sk-carol", anthropic: true);
        HttpResponseMessage? last = null;
        for (int i = 0; i < 4; i++) last = await client.PostAsync("/v1/messages", Json(Message), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        var e = JsonNode.Parse(await last.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal("rate_limit_error", (string?)e["error"]!["type"]);
    }

    [Fact]
    public async Task Degraded_account_gets_no_reasoning_in_json_or_streams_and_its_request_is_stripped()
    {
        await using var h = await GatewayHarness.StartAsync(Enforcement);
        using var openai = h.Client("sk-dave");
        var chat = new { model = "fake-model", reasoning_effort = "high", messages = new[] { new { role = "user", content = "think" } } };
        using var r1 = await openai.PostAsync("/v1/chat/completions", Json(chat), TestContext.Current.CancellationToken);
        var b1 = await r1.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("echo: think", b1);
        Assert.DoesNotContain("reasoning_effort", h.Upstream.Requests.Last().Body);

        // Even if the upstream sends reasoning unasked, it is withheld: alice asks, dave's decision is switched on by admin.
        using var anthropic = h.Client("sk-dave", anthropic: true);
        var msg = new { model = "fake-claude", max_tokens = 2048, stream = true, thinking = new { type = "enabled", budget_tokens = 1024 }, messages = new[] { new { role = "user", content = "deep" } } };
        using var r2 = await anthropic.PostAsync("/v1/messages", Json(msg), TestContext.Current.CancellationToken);
        Assert.DoesNotContain("\"thinking\"", h.Upstream.Requests.Last().Body);
        var stream = await r2.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain(FakeUpstream.Reasoning, stream);
        Assert.Contains("text_delta", stream);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Reasoning_the_upstream_sends_unasked_is_withheld_from_degraded_anthropic_responses(bool stream)
    {
        await using var h = await GatewayHarness.StartAsync(Enforcement);
        var msg = new { model = "fake-claude", max_tokens = 2048, stream, messages = new[] { new { role = "user", content = "deep" } } };
        // x-fake-think makes the fake upstream think whatever the request says.
        using var alice = h.Client("sk-alice", anthropic: true);
        alice.DefaultRequestHeaders.Add("x-fake-think", "1");
        using var reference = await alice.PostAsync("/v1/messages", Json(msg), TestContext.Current.CancellationToken);
        Assert.Contains(FakeUpstream.Reasoning, await reference.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        using var dave = h.Client("sk-dave", anthropic: true);
        dave.DefaultRequestHeaders.Add("x-fake-think", "1");
        using var degraded = await dave.PostAsync("/v1/messages", Json(msg), TestContext.Current.CancellationToken);
        var text = await degraded.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain(FakeUpstream.Reasoning, text);
        Assert.DoesNotContain("signature", text);
        Assert.Contains(stream ? "text_delta" : "echo: deep", text);
        if (stream)
        {
            // The text block was index 1 upstream; clients index blocks by position, so it must become 0.
            Assert.DoesNotContain("\"index\":1", text);
            Assert.Contains("\"index\":0", text);
        }
        else
        {
            var content = JsonNode.Parse(text)!["content"]!.AsArray();
            Assert.Equal("text", (string?)Assert.Single(content)!["type"]);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Reasoning_the_upstream_sends_unasked_is_withheld_from_degraded_openai_responses(bool stream)
    {
        await using var h = await GatewayHarness.StartAsync(Enforcement);
        using var dave = h.Client("sk-dave");
        dave.DefaultRequestHeaders.Add("x-fake-think", "1");
        using var degraded = await dave.PostAsync("/v1/chat/completions",
            Json(new { model = "fake-model", stream, messages = new[] { new { role = "user", content = "deep" } } }), TestContext.Current.CancellationToken);
        var text = await degraded.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain(FakeUpstream.Reasoning, text);
        Assert.DoesNotContain("reasoning_content", text);
        Assert.Contains(stream ? "\"content\":\" deep\"" : "echo: deep", text);
        Assert.Equal(1, h.Gateway.State.Metrics.DegradedResponses);
    }

    [Fact]
    public async Task Regrowth_new_account_sharing_payment_with_a_blocked_campaign_is_blocked_at_first_request()
    {
        const string accounts = """
            {"account_id":"acct_bob","created_at":"2026-01-01T00:00:00Z","payment_fingerprint":"card_x","signup_ip":"198.51.100.1"}
            {"account_id":"acct_new","created_at":"2026-11-30T00:00:00Z","payment_fingerprint":"card_x","signup_ip":"203.0.113.9"}
            {"account_id":"acct_erin","created_at":"2026-11-30T00:00:00Z","payment_fingerprint":"card_y","signup_ip":"198.51.100.1"}
            {"account_id":"acct_alice","created_at":"2026-01-01T00:00:00Z","payment_fingerprint":"card_a","signup_ip":"192.0.2.1"}
            """;
        await using var h = await GatewayHarness.StartAsync(Enforcement, accounts);
        using var fresh = h.Client("sk-new");
        using var r1 = await fresh.PostAsync("/v1/chat/completions", Json(Chat), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, r1.StatusCode);
        using var viaIp = h.Client("sk-erin");
        using var r2 = await viaIp.PostAsync("/v1/chat/completions", Json(Chat), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, r2.StatusCode);
        using var unrelated = h.Client("sk-alice");
        using var r3 = await unrelated.PostAsync("/v1/chat/completions", Json(Chat), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, r3.StatusCode);
        Assert.Single(h.Upstream.Requests);

        using var admin = h.Admin();
        var view = JsonNode.Parse(await admin.GetStringAsync("/admin/accounts/acct_new", TestContext.Current.CancellationToken))!;
        Assert.Equal("block", (string?)view["decision"]!["action"]);
        Assert.Equal("online", (string?)view["decision"]!["source"]);
        Assert.Equal("camp_1", (string?)view["decision"]!["campaign_id"]);
        Assert.Contains("payment fingerprint", (string?)view["decision"]!["reason"]);
    }

    [Fact]
    public async Task Enforcement_file_changes_are_picked_up_on_reload()
    {
        await using var h = await GatewayHarness.StartAsync("account_id,action,campaign_id,score,reason\n");
        using var client = h.Client("sk-alice");
        using var before = await client.PostAsync("/v1/chat/completions", Json(Chat), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        await File.WriteAllTextAsync(Path.Combine(h.Directory, "enforcement.csv"),
            "account_id,action,campaign_id,score,reason\nacct_alice,block,camp_9,0.99,now caught\n", TestContext.Current.CancellationToken);
        using var admin = h.Admin();
        using var reload = await admin.PostAsync("/admin/reload", null, TestContext.Current.CancellationToken);
        Assert.Equal(1, (int)JsonNode.Parse(await reload.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["reloaded"]!);
        using var after = await client.PostAsync("/v1/chat/completions", Json(Chat), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
    }
}
