using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Moat.Gateway.Tests.Support;

namespace Moat.Gateway.Tests;

public sealed class AdminAndMetricsTests
{
    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    [Fact]
    public async Task Admin_api_requires_the_bearer_token()
    {
        await using var h = await GatewayHarness.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        using var none = h.Admin(null);
        using var r1 = await none.GetAsync("/admin/decisions", ct);
        Assert.Equal(HttpStatusCode.Unauthorized, r1.StatusCode);
        using var wrong = h.Admin("admin-token-for-testz");
        using var r2 = await wrong.PutAsJsonAsync("/admin/decisions/acct_alice", new { action = "block" }, ct);
        Assert.Equal(HttpStatusCode.Unauthorized, r2.StatusCode);
        Assert.Null(h.Gateway.State.Decisions.Find("acct_alice"));
        // Probes and scrapers need no token.
        using var health = await none.GetAsync("/healthz", ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Operator_sets_lists_and_clears_a_decision_and_the_proxy_obeys_at_once()
    {
        await using var h = await GatewayHarness.StartAsync("account_id,action,campaign_id,score,reason\nacct_erin,throttle,,0.5,scan\n");
        var ct = TestContext.Current.CancellationToken;
        using var admin = h.Admin();
        using var client = h.Client("sk-alice");
        var chat = Json(new { model = "m", messages = new[] { new { role = "user", content = "x" } } });

        using var set = await admin.PutAsJsonAsync("/admin/decisions/acct_alice", new { action = "block", reason = "confirmed by analyst", campaign_id = "camp_5" }, ct);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        using var blocked = await client.PostAsync("/v1/chat/completions", chat, ct);
        Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);

        var list = JsonNode.Parse(await admin.GetStringAsync("/admin/decisions", ct))!["decisions"]!.AsArray();
        Assert.Equal(["acct_alice:block:admin", "acct_erin:throttle:scan"], list.Select(d => $"{d!["account_id"]}:{d["action"]}:{d["source"]}"));

        // An admin "allow" overrides the scan: the way to clear a false positive until the next scan.
        using var allow = await admin.PutAsJsonAsync("/admin/decisions/acct_erin", new { action = "allow" }, ct);
        Assert.Equal("allow", (string?)JsonNode.Parse(await admin.GetStringAsync("/admin/decisions/acct_erin", ct))!["action"]);

        using var cleared = await admin.DeleteAsync("/admin/decisions/acct_alice", ct);
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        using var ok = await client.PostAsync("/v1/chat/completions", Json(new { model = "m", messages = new[] { new { role = "user", content = "x" } } }), ct);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        using var bad = await admin.PutAsJsonAsync("/admin/decisions/acct_alice", new { action = "nuke" }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        var state = JsonNode.Parse(await admin.GetStringAsync("/admin/accounts/acct_alice", ct))!;
        Assert.Equal(2, (int)state["activity"]!["requests"]!);
        Assert.Equal("allow", (string?)state["decision"]!["action"]);
    }

    [Fact]
    public async Task Metrics_follow_the_prometheus_text_format_and_count_requests_decisions_latency_and_drops()
    {
        await using var h = await GatewayHarness.StartAsync("account_id,action,campaign_id,score,reason\nacct_bob,block,,0.9,x\n");
        var ct = TestContext.Current.CancellationToken;
        using var alice = h.Client("sk-alice");
        using var bob = h.Client("sk-bob");
        using var nobody = h.Client("sk-nobody");
        for (int i = 0; i < 2; i++) (await alice.PostAsync("/v1/chat/completions", Json(new { model = "m", messages = new[] { new { role = "user", content = "x" } } }), ct)).Dispose();
        (await bob.PostAsync("/v1/chat/completions", Json(new { model = "m", messages = Array.Empty<object>() }), ct)).Dispose();
        (await nobody.GetAsync("/v1/models", ct)).Dispose();

        using var scrape = await h.Admin(null).GetAsync("/metrics", ct);
        Assert.Equal("text/plain", scrape.Content.Headers.ContentType!.MediaType);
        Assert.Contains("version=0.0.4", scrape.Content.Headers.ContentType.ToString());
        var text = await scrape.Content.ReadAsStringAsync(ct);
        Assert.EndsWith("\n", text);

        // Every sample line belongs to a family declared by a TYPE line above it, and parses.
        var declared = new HashSet<string>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal)) { declared.Add(line.Split(' ')[2]); continue; }
            if (line.StartsWith('#')) continue;
            var m = Regex.Match(line, @"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*=""[^""]*""\})? (-?[0-9.e+E]+|\+Inf)$");
            Assert.True(m.Success, $"not an exposition line: {line}");
            var family = Regex.Replace(m.Groups[1].Value, "_(bucket|sum|count)$", "");
            Assert.True(declared.Contains(family) || declared.Contains(m.Groups[1].Value), $"sample before its TYPE: {line}");
        }
        Assert.Contains("moat_gateway_requests_total{route=\"chat_completions\"} 3\n", text);
        Assert.Contains("moat_gateway_decisions_total{action=\"allow\"} 2\n", text);
        Assert.Contains("moat_gateway_decisions_total{action=\"block\"} 1\n", text);
        Assert.Contains("moat_gateway_unauthorized_total 1\n", text);
        Assert.Contains("moat_gateway_upstream_latency_seconds_bucket{le=\"+Inf\"} 2\n", text);
        Assert.Contains("moat_gateway_upstream_latency_seconds_count 2\n", text);
        // The gateway's own share is measured for the two forwarded JSON requests, in sub-millisecond buckets.
        Assert.Contains("moat_gateway_overhead_seconds_bucket{le=\"0.0001\"}", text);
        Assert.Contains("moat_gateway_overhead_seconds_count 2\n", text);
        Assert.Contains("moat_gateway_log_dropped_total 0\n", text);
        Assert.Contains("moat_gateway_responses_total{class=\"4xx\"} 2\n", text);
        Assert.Contains("moat_gateway_decision_store_failed_total 0\n", text);
    }
}
