using System.Text.Json;

namespace Moat.Ingest.Tests;

/// <summary>Which API a logged pair speaks, told per line; --provider overrides.</summary>
public sealed class ProviderDetectorTests
{
    private static LogProvider Detect(string request, string? response = null, string? endpoint = null)
    {
        using var q = JsonDocument.Parse(request);
        using var p = response is null ? null : JsonDocument.Parse(response);
        return ProviderDetector.Detect(q.RootElement, p?.RootElement ?? default, endpoint);
    }

    private const string Bare = """{"model":"m","messages":[{"role":"user","content":"hi"}]}""";
    private const string BareWithMaxTokens = """{"model":"m","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""";

    [Theory]
    [InlineData("""{"object":"chat.completion","choices":[]}""", LogProvider.OpenAi)]
    [InlineData("""{"type":"message","content":[]}""", LogProvider.Anthropic)]
    [InlineData("""{"type":"error","error":{"type":"overloaded_error"}}""", LogProvider.Anthropic)]
    [InlineData("""{"error":{"type":"requests","code":"rate_limit_exceeded"}}""", LogProvider.OpenAi)]
    [InlineData("""[{"type":"message_start","message":{}}]""", LogProvider.Anthropic)]
    [InlineData("""[{"object":"chat.completion.chunk","choices":[]}]""", LogProvider.OpenAi)]
    [InlineData("\"event: message_start\\ndata: {}\\n\\n\"", LogProvider.Anthropic)]
    [InlineData("\"data: {\\\"object\\\":\\\"chat.completion.chunk\\\"}\\n\\n\"", LogProvider.OpenAi)]
    public void Response_shape_decides_even_against_the_request(string response, LogProvider expected)
    {
        // The request has max_tokens, which alone would point at Anthropic.
        Assert.Equal(expected, Detect(BareWithMaxTokens, response));
    }

    [Theory]
    [InlineData("""{"model":"m","max_tokens":5,"system":"s","messages":[]}""", LogProvider.Anthropic)]
    [InlineData("""{"model":"m","thinking":{"type":"enabled","budget_tokens":1024},"messages":[]}""", LogProvider.Anthropic)]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[{"role":"system","content":"s"}]}""", LogProvider.OpenAi)]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"u"}}]}]}""", LogProvider.OpenAi)]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":"x"}]}]}""", LogProvider.Anthropic)]
    [InlineData("""{"model":"m","max_tokens":5,"tools":[{"type":"function","function":{"name":"f"}}],"messages":[]}""", LogProvider.OpenAi)]
    [InlineData("""{"model":"m","tools":[{"name":"f","input_schema":{}}],"messages":[]}""", LogProvider.Anthropic)]
    [InlineData("""{"model":"claude-opus-4-1","messages":[]}""", LogProvider.Anthropic)]
    [InlineData("""{"model":"o3","max_tokens":5,"messages":[]}""", LogProvider.OpenAi)]
    [InlineData(Bare, LogProvider.OpenAi)]
    [InlineData(BareWithMaxTokens, LogProvider.Anthropic)]
    public void Request_fields_decide_without_a_response(string request, LogProvider expected)
    {
        Assert.Equal(expected, Detect(request));
    }

    [Fact]
    public void Sse_text_is_told_by_its_first_event_not_by_what_the_answer_mentions()
    {
        var line = Fixture.Line("anthropic/stream.request.json", null, edit: l => l["response"] =
            Fixture.Text("anthropic/stream.response.sse").Replace("\"text\": \"Hello\"", "\"text\": \"Use the chat.completion object's choices\""));
        // Remove every request hint so that only the response can decide.
        var bare = System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject();
        bare["request"] = System.Text.Json.Nodes.JsonNode.Parse(Bare);

        var e = Fixture.Convert(bare.ToJsonString());

        Assert.Equal("/v1/messages", e.Endpoint);
        Assert.Equal("Use the chat.completion object's choices!", e.Response.Text);
    }

    [Fact]
    public void Logged_endpoint_decides_first()
    {
        Assert.Equal(LogProvider.OpenAi, Detect(BareWithMaxTokens, endpoint: "/v1/chat/completions"));
        Assert.Equal(LogProvider.Anthropic, Detect(Bare, endpoint: "/v1/messages"));
    }

    [Fact]
    public void Forced_provider_overrides_detection()
    {
        var line = Fixture.Line("openai/chat.request.json", null, edit: l =>
        {
            l["request"] = System.Text.Json.Nodes.JsonNode.Parse(BareWithMaxTokens);
            l["status"] = 200;
        });

        Assert.Equal("/v1/messages", Fixture.Convert(line, LogProvider.Auto).Endpoint);
        Assert.Equal("/v1/chat/completions", Fixture.Convert(line, LogProvider.OpenAi).Endpoint);
    }

    [Theory]
    [InlineData("openai", "/v1/chat/completions")]
    [InlineData("anthropic", "/v1/messages")]
    [InlineData("azure", "/v1/messages")] // unknown names leave it to detection (max_tokens: Anthropic)
    public void Logged_provider_field_decides_under_auto(string provider, string endpoint)
    {
        var line = Fixture.Line("openai/chat.request.json", null, edit: l =>
        {
            l["request"] = System.Text.Json.Nodes.JsonNode.Parse(BareWithMaxTokens);
            l["status"] = 200;
            l["provider"] = provider;
        });

        Assert.Equal(endpoint, Fixture.Convert(line).Endpoint);
    }

    [Theory]
    [InlineData("openai", LogProvider.OpenAi)]
    [InlineData("Anthropic", LogProvider.Anthropic)]
    [InlineData("auto", LogProvider.Auto)]
    public void Provider_names_parse(string text, LogProvider expected)
    {
        Assert.True(LogProviders.TryParse(text, out var provider));
        Assert.Equal(expected, provider);
        Assert.False(LogProviders.TryParse("gemini", out _));
    }
}
