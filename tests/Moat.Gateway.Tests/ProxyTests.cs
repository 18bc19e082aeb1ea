using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Moat.Gateway.Tests.Support;

namespace Moat.Gateway.Tests;

public sealed class ProxyTests
{
    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static object ChatBody(string prompt, bool stream = false, string? effort = null) => effort is null
        ? new { model = "fake-model", stream, messages = new[] { new { role = "user", content = prompt } } }
        : new { model = "fake-model", stream, reasoning_effort = effort, messages = new[] { new { role = "user", content = prompt } } };

    [Fact]
    public async Task Forwards_chat_completion_with_the_upstream_key_and_without_hop_by_hop_headers()
    {
        await using var h = await GatewayHarness.StartAsync();
        using var client = h.Client("sk-alice");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Json(ChatBody("hi there")) };
        request.Headers.Add("Connection", "X-Secret-Hop");
        request.Headers.Add("X-Secret-Hop", "must not pass");
        request.Headers.Add("X-Custom", "passes");
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal("echo: hi there", (string?)body["choices"]![0]!["message"]!["content"]);
        Assert.Equal("fake", response.Headers.GetValues("x-upstream").Single());
        Assert.False(response.Headers.Contains("Keep-Alive"));

        var seen = Assert.Single(h.Upstream.Requests);
        Assert.Equal("Bearer " + GatewayHarness.UpstreamKey, seen.Headers["authorization"]);
        Assert.DoesNotContain("sk-alice", string.Join("|", seen.Headers.Values));
        Assert.False(seen.Headers.ContainsKey("x-secret-hop"));
        Assert.Equal("passes", seen.Headers["x-custom"]);
    }

    [Fact]
    public async Task Response_headers_named_in_the_upstreams_connection_header_are_dropped_and_repeated_ones_kept()
    {
        await using var h = await GatewayHarness.StartAsync();
        using var client = h.Client("sk-alice");
        client.DefaultRequestHeaders.Add("x-fake-hop", "1");
        using var response = await client.PostAsync("/v1/chat/completions", Json(ChatBody("hop")), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("x-upstream-hop"));
        Assert.Equal(["one", "two"], response.Headers.GetValues("x-multi"));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Inline_scheduling_serves_json_and_streams_alike(bool stream)
    {
        await using var h = await GatewayHarness.StartAsync(configure: o => o with { PreferInlineScheduling = true });
        using var client = h.Client("sk-alice");
        using var response = await client.PostAsync("/v1/chat/completions", Json(ChatBody("deep", stream)), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        // The fake upstream streams "echo: deep" in two halves.
        Assert.Contains(stream ? "\"content\":\" deep\"" : "echo: deep", text);
    }

    [Fact]
    public async Task Anthropic_key_header_is_replaced_by_the_upstream_key_in_the_same_style()
    {
        await using var h = await GatewayHarness.StartAsync();
        using var client = h.Client("sk-bob", anthropic: true);
        using var response = await client.PostAsync("/v1/messages",
            Json(new { model = "fake-claude", max_tokens = 100, messages = new[] { new { role = "user", content = "bonjour" } } }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(h.Upstream.Requests);
        Assert.Equal(GatewayHarness.UpstreamKey, seen.Headers["x-api-key"]);
        Assert.False(seen.Headers.ContainsKey("authorization"));
        Assert.Equal("2023-06-01", seen.Headers["anthropic-version"]);
    }

    [Fact]
    public async Task Unknown_key_gets_401_in_each_providers_error_shape()
    {
        await using var h = await GatewayHarness.StartAsync();
        using var openai = h.Client("sk-nobody");
        using var r1 = await openai.PostAsync("/v1/chat/completions", Json(ChatBody("x")), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, r1.StatusCode);
        var e1 = JsonNode.Parse(await r1.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal("invalid_api_key", (string?)e1["error"]!["code"]);
        Assert.Equal("invalid_request_error", (string?)e1["error"]!["type"]);
        Assert.False(string.IsNullOrEmpty((string?)e1["error"]!["message"]));

        using var anthropic = h.Client("sk-nobody", anthropic: true);
        using var r2 = await anthropic.PostAsync("/v1/messages", Json(new { model = "m", max_tokens = 5, messages = Array.Empty<object>() }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, r2.StatusCode);
        var e2 = JsonNode.Parse(await r2.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal("error", (string?)e2["type"]);
        Assert.Equal("authentication_error", (string?)e2["error"]!["type"]);

        using var none = h.Client(null);
        using var r3 = await none.GetAsync("/v1/models", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, r3.StatusCode);
        Assert.Empty(h.Upstream.Requests);
    }

    [Fact]
    public async Task Models_pass_through_and_upstream_errors_reach_the_client_unchanged()
    {
        await using var h = await GatewayHarness.StartAsync();
        using var client = h.Client();
        using var models = await client.GetAsync("/v1/models", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
        Assert.Contains("fake-model", await models.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        using var error = await client.GetAsync("/v1/error", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Contains("upstream broke", await error.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        using var outside = await client.GetAsync("/admin/secret", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        Assert.Equal(2, h.Upstream.Requests.Count);
    }

    [Fact]
    public async Task Streaming_response_arrives_event_by_event_before_the_upstream_finishes()
    {
        await using var h = await GatewayHarness.StartAsync();
        using var client = h.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/slow");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        using var stream = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        using var reader = new StreamReader(stream);
        // The fake streams for 30 s; reading the first ticks proves nothing is buffered to the end.
        Assert.Equal("data: {\"tick\":0}", await reader.ReadLineAsync(TestContext.Current.CancellationToken));
        Assert.Equal("", await reader.ReadLineAsync(TestContext.Current.CancellationToken));
        Assert.Equal("data: {\"tick\":1}", await reader.ReadLineAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Client_cancellation_is_propagated_to_the_upstream()
    {
        await using var h = await GatewayHarness.StartAsync();
        using var client = h.Client();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/v1/slow"), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        var buffer = new byte[64];
        Assert.True(await stream.ReadAsync(buffer, cts.Token) > 0);
        response.Dispose();
        client.Dispose();
        var cancelled = await Task.WhenAny(h.Upstream.SlowStreamCancelled.Task, Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.Same(h.Upstream.SlowStreamCancelled.Task, cancelled);
    }

    [Fact]
    public async Task Streaming_chat_completion_is_relayed_whole()
    {
        await using var h = await GatewayHarness.StartAsync();
        using var client = h.Client();
        using var response = await client.PostAsync("/v1/chat/completions", Json(ChatBody("stream me", stream: true)), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.EndsWith("data: [DONE]\n\n", text);
        var content = string.Concat(text.Split("\n\n").Where(e => e.StartsWith("data: {")).Select(e => JsonNode.Parse(e[6..])!)
            .SelectMany(c => c["choices"]!.AsArray()).Select(c => (string?)c!["delta"]?["content"] ?? ""));
        Assert.Equal("echo: stream me", content);
    }

    [Fact]
    public async Task Request_larger_than_the_limit_gets_413()
    {
        await using var h = await GatewayHarness.StartAsync(configure: o => new GatewayOptions
        {
            Upstream = o.Upstream, UpstreamKey = o.UpstreamKey, KeysPath = o.KeysPath, Port = 0, AdminPort = -1, MaxRequestBodyBytes = 1000,
        });
        using var client = h.Client();
        using var response = await client.PostAsync("/v1/chat/completions", Json(ChatBody(new string('x', 5000))), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(h.Upstream.Requests);
    }

    [Fact]
    public async Task Unreachable_upstream_gets_502_in_the_providers_shape_and_is_logged()
    {
        // Port 1 on loopback refuses connections.
        await using var h = await GatewayHarness.StartAsync(configure: o => o with { Upstream = new Uri("http://127.0.0.1:1") });
        using var client = h.Client("sk-alice", anthropic: true);
        using var response = await client.PostAsync("/v1/messages",
            Json(new { model = "fake-claude", max_tokens = 10, messages = new[] { new { role = "user", content = "anyone?" } } }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var e = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal("api_error", (string?)e["error"]!["type"]);
        Assert.Equal(1, h.Gateway.State.Metrics.UpstreamErrors);
        var file = Assert.Single(await h.StopAndListLogAsync());
        var logged = Assert.Single(Moat.Contract.Io.RecordReader.Read(file, Moat.Contract.Json.ExchangeCodec.Instance, new Moat.Contract.Io.ReadReport()));
        Assert.Equal(502, logged.Response.Status);
        Assert.Equal("anyone?", logged.Prompt);
    }
}
