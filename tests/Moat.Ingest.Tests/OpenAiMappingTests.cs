using Moat.Contract.Records;

namespace Moat.Ingest.Tests;

/// <summary>Documented OpenAI Chat Completions examples converted to contract exchanges, field by field.</summary>
public sealed class OpenAiMappingTests
{
    [Fact]
    public void Chat_completion_maps_every_field()
    {
        var e = Fixture.Convert("openai/chat.request.json", "openai/chat.response.json",
            edit: l => { l["latency_ms"] = 812; l["org_id"] = "org_7"; l["api_key_id"] = "key_1"; l["tls_fingerprint"] = "t13d1516h2_8daaf6152771_02713d6af862"; });

        Assert.Equal("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", e.Id);
        Assert.Equal(Fixture.TsUtc, e.Ts);
        Assert.Equal(DateTimeKind.Utc, e.Ts.Kind);
        Assert.Equal("acct_81f2", e.AccountId);
        Assert.Equal("org_7", e.OrgId);
        Assert.Equal("key_1", e.ApiKeyId);
        Assert.Equal("203.0.113.7", e.Ip);
        Assert.Equal("python-httpx/0.27.0", e.UserAgent);
        Assert.Equal("t13d1516h2_8daaf6152771_02713d6af862", e.TlsFingerprint);
        Assert.Equal("/v1/chat/completions", e.Endpoint);
        Assert.Equal("gpt-4.1", e.Model); // requested model, not the dated one the response names

        var q = e.Request;
        Assert.Equal("You are a helpful assistant.", q.System); // developer message
        Assert.Equal([new ChatMessage("user", "Hello!")], q.Messages);
        Assert.Equal(0, q.Tools);
        Assert.Null(q.MaxTokens);
        Assert.Null(q.Temperature);
        Assert.Null(q.Stream);
        Assert.Null(q.Reasoning);

        var p = e.Response;
        Assert.Equal(200, p.Status);
        Assert.Equal("Hello! How can I assist you today?", p.Text);
        Assert.Equal(19, p.InputTokens);
        Assert.Equal(10, p.OutputTokens);
        Assert.Equal(0, p.ReasoningTokens);
        Assert.Equal("stop", p.FinishReason);
        Assert.Equal(812, p.LatencyMs);
        Assert.Equal("Hello!", e.Prompt);
    }

    [Theory]
    [InlineData(StreamForm.SseText)]
    [InlineData(StreamForm.EventArray)]
    public void Stream_with_include_usage_assembles_text_finish_and_usage(StreamForm form)
    {
        var e = Fixture.Convert("openai/stream.request.json", "openai/stream.response.sse", form);

        Assert.Equal("chatcmpl-123", e.Id);
        Assert.Equal("gpt-4o-mini", e.Model);
        Assert.True(e.Request.Stream);
        Assert.Equal("You are a helpful assistant.", e.Request.System);
        Assert.Equal(200, e.Response.Status);
        Assert.Equal("Hello! How can I assist you today?", e.Response.Text);
        Assert.Equal("stop", e.Response.FinishReason);
        Assert.Equal(19, e.Response.InputTokens); // from the final usage chunk, whose choices are empty
        Assert.Equal(9, e.Response.OutputTokens);
        Assert.Equal(0, e.Response.ReasoningTokens);
    }

    [Fact]
    public void Stream_without_usage_chunk_leaves_token_counts_absent()
    {
        var e = Fixture.Convert("openai/stream.request.json", "openai/stream.response.sse", StreamForm.EventArray,
            l => l["response"]!.AsArray().RemoveAt(l["response"]!.AsArray().Count - 1));

        Assert.Equal("Hello! How can I assist you today?", e.Response.Text);
        Assert.Equal("stop", e.Response.FinishReason);
        Assert.Null(e.Response.InputTokens);
        Assert.Null(e.Response.OutputTokens);
    }

    [Fact]
    public void Tool_call_response_counts_tools_and_renders_the_call()
    {
        var e = Fixture.Convert("openai/tools.request.json", "openai/tools.response.json");

        Assert.Equal(1, e.Request.Tools);
        Assert.Equal("[tool_use get_current_weather] {\n\"location\": \"Boston, MA\"\n}", e.Response.Text);
        Assert.Equal("tool_calls", e.Response.FinishReason);
        Assert.Equal(82, e.Response.InputTokens);
        Assert.Equal(17, e.Response.OutputTokens);
    }

    [Theory]
    [InlineData(StreamForm.SseText)]
    [InlineData(StreamForm.EventArray)]
    public void Streamed_tool_call_fragments_are_joined(StreamForm form)
    {
        var e = Fixture.Convert("openai/tools.request.json", "openai/tools-stream.response.sse", form);

        Assert.Equal("chatcmpl-tool9", e.Id);
        Assert.Equal("[tool_use get_current_weather] {\"location\":\"Boston, MA\"}", e.Response.Text);
        Assert.Equal("tool_calls", e.Response.FinishReason);
        Assert.True(e.Request.Stream); // absent in the request, implied by the streamed response
    }

    [Fact]
    public void Tool_role_and_assistant_tool_calls_become_readable_messages()
    {
        var e = Fixture.Convert("openai/tool-result.request.json", null, edit: l => l["status"] = 200);

        Assert.Equal(
        [
            new ChatMessage("user", "What's the weather like in Boston today?"),
            new ChatMessage("assistant", "[tool_use get_current_weather] {\n\"location\": \"Boston, MA\"\n}"),
            new ChatMessage("tool", "{\"temperature\": 22, \"unit\": \"celsius\", \"description\": \"Sunny\"}"),
        ], e.Request.Messages);
        Assert.Equal("What's the weather like in Boston today?", e.Prompt);
        Assert.Equal(1, e.Request.Tools);
        Assert.Null(e.Response.Text);
        Assert.StartsWith("cv_", e.Id); // no line id and no response id: a stable hash of the line
    }

    [Fact]
    public void Vision_parts_join_text_and_mark_the_image()
    {
        var e = Fixture.Convert("openai/vision.request.json", "openai/vision.response.json");

        Assert.Equal([new ChatMessage("user", "What's in this image?\n[image]")], e.Request.Messages);
        Assert.Equal(300, e.Request.MaxTokens);
        Assert.StartsWith("The image shows a wooden boardwalk", e.Response.Text);
        Assert.Equal(1117, e.Response.InputTokens);
        Assert.Equal(46, e.Response.OutputTokens);
    }

    [Fact]
    public void Reasoning_effort_and_reasoning_tokens_are_kept()
    {
        var e = Fixture.Convert("openai/reasoning.request.json", "openai/reasoning.response.json");

        Assert.True(e.Request.Reasoning);
        Assert.Equal(25000, e.Request.MaxTokens); // max_completion_tokens
        Assert.Equal(1600, e.Response.ReasoningTokens);
        Assert.Equal(1843, e.Response.OutputTokens);
        Assert.Equal("o4-mini", e.Model);
    }

    [Theory]
    [InlineData("{\"reasoning_effort\":\"none\"}", false)]
    [InlineData("{\"reasoning_effort\":\"low\"}", true)]
    [InlineData("{\"reasoning\":{\"effort\":\"medium\"}}", true)]
    [InlineData("{\"reasoning\":{\"effort\":\"none\"}}", false)]
    public void Reasoning_settings(string settings, bool expected)
    {
        var e = Fixture.Convert("openai/chat.request.json", "openai/chat.response.json", edit: l =>
        {
            foreach (var (name, value) in System.Text.Json.Nodes.JsonNode.Parse(settings)!.AsObject().ToList())
                l["request"]![name] = value?.DeepClone();
        });

        Assert.Equal(expected, e.Request.Reasoning);
    }

    [Fact]
    public void Error_body_gives_its_status_and_no_text()
    {
        var e = Fixture.Convert("openai/chat.request.json", "openai/rate-limit.response.json");

        Assert.Equal(429, e.Response.Status);
        Assert.Null(e.Response.Text);
        Assert.Null(e.Response.OutputTokens);
        Assert.Equal("/v1/chat/completions", e.Endpoint);
        Assert.StartsWith("cv_", e.Id);
    }

    [Fact]
    public void Logged_status_wins_over_the_body()
    {
        var e = Fixture.Convert("openai/chat.request.json", "openai/rate-limit.response.json", edit: l => l["status"] = 503);

        Assert.Equal(503, e.Response.Status);
    }

    [Fact]
    public void Legacy_function_role_maps_to_tool_and_functions_are_counted()
    {
        var e = Fixture.Convert(Fixture.Line("openai/chat.request.json", "openai/chat.response.json", edit: l =>
        {
            l["request"]!["messages"]!.AsArray().Add(System.Text.Json.Nodes.JsonNode.Parse(
                "{\"role\":\"function\",\"name\":\"lookup\",\"content\":\"42\"}"));
            l["request"]!["functions"] = System.Text.Json.Nodes.JsonNode.Parse("[{\"name\":\"lookup\"},{\"name\":\"other\"}]");
        }));

        Assert.Equal(new ChatMessage("tool", "42"), e.Request.Messages[^1]);
        Assert.Equal(2, e.Request.Tools);
    }
}
