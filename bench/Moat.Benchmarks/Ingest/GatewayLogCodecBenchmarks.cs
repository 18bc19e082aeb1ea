using System.Text;
using BenchmarkDotNet.Attributes;
using Moat.Contract.Records;
using Moat.Ingest;

namespace Moat.Benchmarks.Ingest;

/// <summary>
/// `moat convert`'s per-line cost: one logged Chat Completions call (system + 3 turns, one tool, ~2 KB)
/// and one Anthropic streamed call logged as SSE text (~60 events), parsed into a contract exchange.
/// Run: dotnet run -c Release --project bench/Moat.Benchmarks -- --filter '*GatewayLogCodec*'
/// </summary>
[MemoryDiagnoser]
public class GatewayLogCodecBenchmarks
{
    private readonly GatewayLogCodec _codec = new();
    private byte[] _openAiLine = [];
    private byte[] _anthropicStreamLine = [];

    [GlobalSetup]
    public void Setup()
    {
        _openAiLine = Encoding.UTF8.GetBytes(
            "{\"ts\":\"2026-04-22T03:14:07.123Z\",\"account_id\":\"acct_81f2\",\"ip\":\"203.0.113.7\",\"user_agent\":\"python-httpx/0.27.0\",\"latency_ms\":812,"
            + "\"request\":{\"model\":\"gpt-4.1\",\"temperature\":0.7,\"max_completion_tokens\":2048,\"messages\":["
            + "{\"role\":\"developer\",\"content\":\"You are a careful assistant. Answer with working code and explain each step.\"},"
            + "{\"role\":\"user\",\"content\":\"" + new string('q', 600) + "\"},"
            + "{\"role\":\"assistant\",\"content\":\"" + new string('a', 400) + "\"},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Now solve this one step by step.\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/x.png\"}}]}],"
            + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"run_code\",\"parameters\":{\"type\":\"object\",\"properties\":{\"code\":{\"type\":\"string\"}}}}}]},"
            + "\"response\":{\"id\":\"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT\",\"object\":\"chat.completion\",\"created\":1741569952,\"model\":\"gpt-4.1-2025-04-14\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + new string('r', 500) + "\",\"refusal\":null},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":412,\"completion_tokens\":131,\"total_tokens\":543,\"completion_tokens_details\":{\"reasoning_tokens\":0}}}}");

        var sse = new StringBuilder();
        sse.Append("event: message_start\ndata: {\"type\": \"message_start\", \"message\": {\"id\": \"msg_1\", \"type\": \"message\", \"role\": \"assistant\", \"content\": [], \"model\": \"claude-sonnet-4-5\", \"usage\": {\"input_tokens\": 25, \"output_tokens\": 1}}}\n\n");
        sse.Append("event: content_block_start\ndata: {\"type\": \"content_block_start\", \"index\": 0, \"content_block\": {\"type\": \"text\", \"text\": \"\"}}\n\n");
        for (int i = 0; i < 60; i++)
            sse.Append("event: content_block_delta\ndata: {\"type\": \"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"text_delta\", \"text\": \" word").Append(i).Append("\"}}\n\n");
        sse.Append("event: content_block_stop\ndata: {\"type\": \"content_block_stop\", \"index\": 0}\n\n");
        sse.Append("event: message_delta\ndata: {\"type\": \"message_delta\", \"delta\": {\"stop_reason\": \"end_turn\"}, \"usage\": {\"output_tokens\": 120}}\n\n");
        sse.Append("event: message_stop\ndata: {\"type\": \"message_stop\"}\n\n");
        var line = new System.Text.Json.Nodes.JsonObject
        {
            ["ts"] = "2026-04-22T03:14:07.123Z",
            ["account_id"] = "acct_81f2",
            ["request"] = System.Text.Json.Nodes.JsonNode.Parse("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1024,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"),
            ["response"] = sse.ToString(),
        };
        _anthropicStreamLine = Encoding.UTF8.GetBytes(line.ToJsonString());
    }

    [Benchmark]
    public Exchange OpenAiLine() => _codec.Parse(_openAiLine);

    [Benchmark]
    public Exchange AnthropicStreamLine() => _codec.Parse(_anthropicStreamLine);
}
