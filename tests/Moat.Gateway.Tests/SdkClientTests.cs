using System.Text.Json.Nodes;
using Moat.Gateway.Tests.Support;

namespace Moat.Gateway.Tests;

/// <summary>
/// The official npm SDKs, unmodified, talk to the upstream through the gateway. Several scenarios
/// share one node process: starting node and loading the SDKs is most of each scenario's cost.
/// </summary>
public sealed class SdkClientTests
{
    private const string Enforcement = """
        account_id,action,campaign_id,score,reason
        acct_bob,block,camp_1,0.97,shared payment
        acct_carol,throttle,,0.6,high volume
        acct_dave,degrade,camp_2,0.8,reasoning harvesting
        """;

    private static readonly string[] Calls = ["openai-json", "openai-stream", "anthropic-json", "anthropic-stream"];

    [Fact]
    public async Task Sdk_calls_through_the_gateway_return_the_upstream_answer_streaming_or_not()
    {
        NodeClients.RequireInstalled();
        await using var h = await GatewayHarness.StartAsync(Enforcement);
        var results = await NodeClients.RunAsync([.. Calls, "openai-models"], h.BaseUrl, "sk-alice", new() { ["PROMPT"] = "what is a moat?" });
        foreach (var scenario in Calls)
        {
            var r = results[scenario];
            Assert.True((bool)r["ok"]!, r.ToJsonString());
            Assert.Equal("echo: what is a moat?", (string?)r["text"]);
            Assert.NotNull(r["finish"]);
            if (scenario.StartsWith("openai", StringComparison.Ordinal))
            {
                Assert.Equal(11, (int)r["usage"]!["prompt_tokens"]!);
                Assert.Equal(7, (int)r["usage"]!["completion_tokens"]!);
            }
            else
            {
                Assert.Equal(13, (int)r["usage"]!["input_tokens"]!);
                Assert.Equal(9, (int)r["usage"]!["output_tokens"]!);
            }
            if (scenario.EndsWith("stream", StringComparison.Ordinal))
                Assert.True((int)(r["chunks"] ?? r["deltas"])! >= 2, $"{scenario}: the answer arrived in several events");
        }
        Assert.True((bool)results["openai-models"]["ok"]!, results["openai-models"].ToJsonString());
        Assert.Equal("fake-model", (string?)results["openai-models"]["ids"]![0]);
        Assert.Equal(5, h.Upstream.Requests.Count);
    }

    [Theory]
    [InlineData("sk-nobody", 401)]
    [InlineData("sk-bob", 403)]
    public async Task Sdk_raises_its_typed_error_for_unknown_and_blocked_accounts(string key, int status)
    {
        NodeClients.RequireInstalled();
        await using var h = await GatewayHarness.StartAsync(Enforcement);
        var results = await NodeClients.RunAsync(Calls, h.BaseUrl, key);
        foreach (var scenario in Calls)
        {
            var r = results[scenario];
            Assert.False((bool)r["ok"]!, scenario);
            Assert.Equal(status, (int)r["status"]!);
            Assert.Equal(status == 401 ? "AuthenticationError" : "PermissionDeniedError", (string?)r["name"]);
            // The SDKs expose the parsed error body: it has the provider's own shape.
            var error = r["error"]!;
            if (scenario.StartsWith("anthropic", StringComparison.Ordinal))
                Assert.Equal(status == 401 ? "authentication_error" : "permission_error", (string?)error["error"]!["type"]);
            else
                Assert.Equal(status == 401 ? "invalid_api_key" : "account_blocked", (string?)(error["error"]?["code"] ?? error["code"]));
        }
        Assert.Empty(h.Upstream.Requests);
    }

    [Fact]
    public async Task Sdk_raises_rate_limit_error_with_retry_after_for_a_throttled_account()
    {
        NodeClients.RequireInstalled();
        await using var h = await GatewayHarness.StartAsync(Enforcement);
        // Spend carol's burst of 3 directly, then the SDK calls are the ones refused.
        using var client = h.Client("sk-carol");
        for (int i = 0; i < 3; i++)
        {
            using var spent = await client.GetAsync("/v1/models", TestContext.Current.CancellationToken);
            Assert.Equal(System.Net.HttpStatusCode.OK, spent.StatusCode);
        }
        var results = await NodeClients.RunAsync(["openai-json", "anthropic-json"], h.BaseUrl, "sk-carol");
        foreach (var r in results.Values)
        {
            Assert.False((bool)r["ok"]!);
            Assert.Equal(429, (int)r["status"]!);
            Assert.Equal("RateLimitError", (string?)r["name"]);
            Assert.NotNull(r["retryAfter"]);
        }
    }

    [Fact]
    public async Task Anthropic_sdk_assembles_a_degraded_thinking_stream_without_the_thinking_block()
    {
        NodeClients.RequireInstalled();
        await using var h = await GatewayHarness.StartAsync(Enforcement);
        var reference = await NodeClients.RunAsync("anthropic-stream", h.BaseUrl, "sk-alice", new() { ["THINKING"] = "1", ["PROMPT"] = "why" });
        Assert.True((bool)reference["ok"]!, reference.ToJsonString());
        Assert.Equal(["thinking", "text"], reference["types"]!.AsArray().Select(t => (string)t!));

        // The gateway strips dave's request for thinking; FAKE_THINK makes the upstream think anyway, so the
        // stream has a thinking block at index 0 that must be withheld and the text block renumbered.
        var degraded = await NodeClients.RunAsync("anthropic-stream", h.BaseUrl, "sk-dave", new() { ["THINKING"] = "1", ["FAKE_THINK"] = "1", ["PROMPT"] = "why" });
        Assert.True((bool)degraded["ok"]!, degraded.ToJsonString());
        Assert.Equal(["text"], degraded["types"]!.AsArray().Select(t => (string)t!));
        Assert.Equal("echo: why", (string?)degraded["text"]);
        Assert.DoesNotContain("\"thinking\"", h.Upstream.Requests.Last().Body);
    }
}
