using Moat.Contract.Records;

namespace Moat.Ingest.Tests;

/// <summary>Documented Anthropic Messages examples converted to contract exchanges, field by field.</summary>
public sealed class AnthropicMappingTests
{
    [Fact]
    public void Message_maps_every_field()
    {
        var e = Fixture.Convert("anthropic/message.request.json", "anthropic/message.response.json",
            edit: l => l["latency_ms"] = 2300);

        Assert.Equal("msg_013Zva2CMHLNnXjNJJKqJ2EF", e.Id);
        Assert.Equal(Fixture.TsUtc, e.Ts);
        Assert.Equal("acct_81f2", e.AccountId);
        Assert.Equal("203.0.113.7", e.Ip);
        Assert.Equal("python-httpx/0.27.0", e.UserAgent);
        Assert.Equal("/v1/messages", e.Endpoint);
        Assert.Equal("claude-sonnet-4-5", e.Model);

        var q = e.Request;
        Assert.Null(q.System);
        Assert.Equal([new ChatMessage("user", "Hello, world")], q.Messages);
        Assert.Equal(0, q.Tools);
        Assert.Equal(1024, q.MaxTokens);
        Assert.Null(q.Temperature);
        Assert.Null(q.Stream);
        Assert.False(q.Reasoning); // thinking is off unless requested

        var p = e.Response;
        Assert.Equal(200, p.Status);
        Assert.Equal("Hi! My name is Claude.", p.Text);
        Assert.Equal(2095, p.InputTokens);
        Assert.Equal(503, p.OutputTokens);
        Assert.Null(p.ReasoningTokens);
        Assert.Equal("end_turn", p.FinishReason);
        Assert.Equal(2300, p.LatencyMs);
    }

    [Theory]
    [InlineData(StreamForm.SseText)]
    [InlineData(StreamForm.EventArray)]
    public void Stream_assembles_text_stop_reason_and_usage(StreamForm form)
    {
        var e = Fixture.Convert("anthropic/stream.request.json", "anthropic/stream.response.sse", form);

        Assert.Equal("msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY", e.Id);
        Assert.True(e.Request.Stream);
        Assert.Equal(256, e.Request.MaxTokens);
        Assert.Equal("Hello!", e.Response.Text);
        Assert.Equal("end_turn", e.Response.FinishReason);
        Assert.Equal(25, e.Response.InputTokens); // message_start
        Assert.Equal(15, e.Response.OutputTokens); // message_delta, cumulative
        Assert.Null(e.Response.ReasoningTokens);
    }

    [Theory]
    [InlineData(StreamForm.SseText)]
    [InlineData(StreamForm.EventArray)]
    public void Thinking_stream_counts_thinking_as_reasoning_not_as_text(StreamForm form)
    {
        var e = Fixture.Convert("anthropic/thinking-stream.request.json", "anthropic/thinking-stream.response.sse", form);

        Assert.True(e.Request.Reasoning);
        Assert.Equal("27 * 453 = 12,231", e.Response.Text);
        int thinkingChars = "Let me solve this step by step:\n\n1. First break down 27 * 453".Length + "\n2. 453 = 400 + 50 + 3".Length;
        Assert.Equal((thinkingChars + 3) / 4, e.Response.ReasoningTokens);
        Assert.Equal(44, e.Response.InputTokens);
        Assert.Equal(60, e.Response.OutputTokens);
    }

    [Fact]
    public void Thinking_block_of_a_whole_response_is_reasoning()
    {
        var e = Fixture.Convert("anthropic/thinking.request.json", "anthropic/thinking.response.json");

        Assert.True(e.Request.Reasoning);
        Assert.Equal(16000, e.Request.MaxTokens);
        Assert.Equal("Yes, there are infinitely many prime numbers such that n mod 4 = 3...", e.Response.Text);
        int thinkingChars = "To approach this, let's think about what we know about prime numbers...".Length;
        Assert.Equal((thinkingChars + 3) / 4, e.Response.ReasoningTokens);
    }

    [Theory]
    [InlineData("""{"type":"enabled","budget_tokens":2048}""", true)]
    [InlineData("""{"type":"adaptive"}""", true)]
    [InlineData("""{"type":"disabled"}""", false)]
    [InlineData(null, false)]
    public void Thinking_settings(string? thinking, bool expected)
    {
        var e = Fixture.Convert("anthropic/message.request.json", "anthropic/message.response.json", edit: l =>
        {
            if (thinking is not null) l["request"]!["thinking"] = System.Text.Json.Nodes.JsonNode.Parse(thinking);
        });

        Assert.Equal(expected, e.Request.Reasoning);
    }

    [Fact]
    public void Reasoning_estimate_never_exceeds_billed_output()
    {
        var e = Fixture.Convert("anthropic/thinking.request.json", "anthropic/thinking.response.json",
            edit: l => l["response"]!["usage"]!["output_tokens"] = 5);

        Assert.Equal(5, e.Response.ReasoningTokens);
    }

    [Fact]
    public void Tool_use_response_counts_tools_and_renders_the_call()
    {
        var e = Fixture.Convert("anthropic/tools.request.json", "anthropic/tools.response.json");

        Assert.Equal(2, e.Request.Tools);
        Assert.Equal(
            "I'll check the current weather in San Francisco for you.\n[tool_use get_weather] {\"location\":\"San Francisco, CA\",\"unit\":\"celsius\"}",
            e.Response.Text);
        Assert.Equal("tool_use", e.Response.FinishReason);
        Assert.Equal(472, e.Response.InputTokens);
        Assert.Equal(89, e.Response.OutputTokens);
    }

    [Theory]
    [InlineData(StreamForm.SseText)]
    [InlineData(StreamForm.EventArray)]
    public void Streamed_tool_use_joins_partial_json(StreamForm form)
    {
        var e = Fixture.Convert("anthropic/tools.request.json", "anthropic/tools-stream.response.sse", form);

        Assert.Equal("msg_014p7gG3wDgGV9EUtLvnow3U", e.Id);
        Assert.Equal(
            "Okay, let's check the weather for San Francisco, CA:\n[tool_use get_weather] {\"location\": \"San Francisco, CA\", \"unit\": \"fahrenheit\"}",
            e.Response.Text);
        Assert.Equal("tool_use", e.Response.FinishReason);
        Assert.Equal(89, e.Response.OutputTokens);
    }

    [Fact]
    public void Tool_result_blocks_become_tool_messages_and_the_prompt_stays_the_users()
    {
        var e = Fixture.Convert("anthropic/tool-result.request.json", "anthropic/tool-result.response.json");

        Assert.Equal(
        [
            new ChatMessage("user", "What's the weather like in San Francisco?"),
            new ChatMessage("assistant",
                "I'll check the current weather in San Francisco for you.\n[tool_use get_weather] {\"location\":\"San Francisco, CA\",\"unit\":\"celsius\"}"),
            new ChatMessage("tool", "15 degrees"),
        ], e.Request.Messages);
        Assert.Equal("What's the weather like in San Francisco?", e.Prompt);
        Assert.Equal(1, e.Request.Tools);
        Assert.StartsWith("The current weather in San Francisco is 15 degrees", e.Response.Text);
    }

    [Fact]
    public void Image_block_becomes_a_placeholder()
    {
        var e = Fixture.Convert("anthropic/vision.request.json", null, edit: l => l["status"] = 200);

        Assert.Equal([new ChatMessage("user", "[image]\nDescribe this image.")], e.Request.Messages);
    }

    [Fact]
    public void System_blocks_are_joined_and_cache_tokens_count_as_input()
    {
        var e = Fixture.Convert("anthropic/cached-system.request.json", "anthropic/cached-system.response.json");

        Assert.Equal(
            "You are an AI assistant tasked with analyzing literary works. Your goal is to provide insightful commentary on themes, characters, and writing style.\n\n<the entire contents of Pride and Prejudice>",
            e.Request.System);
        Assert.Equal(0.2, e.Request.Temperature);
        Assert.Equal(21 + 188086, e.Response.InputTokens);
        Assert.Equal(393, e.Response.OutputTokens);
    }

    [Fact]
    public void Error_body_gives_its_documented_status()
    {
        var e = Fixture.Convert("anthropic/message.request.json", "anthropic/overloaded.response.json");

        Assert.Equal(529, e.Response.Status);
        Assert.Null(e.Response.Text);
        Assert.Equal("/v1/messages", e.Endpoint);
    }

    [Fact]
    public void Error_inside_a_started_stream_keeps_status_200_and_the_partial_text()
    {
        var e = Fixture.Convert("anthropic/stream.request.json", "anthropic/stream-error.response.sse");

        Assert.Equal(200, e.Response.Status);
        Assert.Equal("Partial", e.Response.Text);
        Assert.Equal("error", e.Response.FinishReason);
    }

    [Fact]
    public void Error_event_alone_is_a_failed_request()
    {
        var e = Fixture.Convert("anthropic/stream.request.json", null, edit: l => l["response"] =
            "event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"rate_limit_error\", \"message\": \"slow down\"}}\n\n");

        Assert.Equal(429, e.Response.Status);
        Assert.Null(e.Response.Text);
    }

    [Fact]
    public void Tool_result_with_error_and_trailing_text_keeps_both()
    {
        var e = Fixture.Convert("anthropic/message.request.json", "anthropic/message.response.json", edit: l =>
            l["request"]!["messages"] = System.Text.Json.Nodes.JsonNode.Parse("""
                [{"role":"user","content":[
                  {"type":"tool_result","tool_use_id":"toolu_1","is_error":true,"content":[{"type":"text","text":"timeout"}]},
                  {"type":"document","source":{"type":"text","media_type":"text/plain","data":"x"}},
                  {"type":"text","text":"Try again please."}]}]
                """));

        Assert.Equal(
        [
            new ChatMessage("tool", "[error] timeout"),
            new ChatMessage("user", "[document]\nTry again please."),
        ], e.Request.Messages);
    }
}
