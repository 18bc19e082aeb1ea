using System.Text;
using BenchmarkDotNet.Attributes;
using Moat.Ingest;
using Moat.Ingest.Anthropic;
using Moat.Ingest.OpenAi;

namespace Moat.Benchmarks.Ingest;

/// <summary>
/// The gateway's per-stream cost: rebuilding one streamed answer (300 text deltas, ~1,500 words) from
/// the raw SSE bytes, fed in 1,400-byte chunks as they come off the network. One reused assembler.
/// Run: dotnet run -c Release --project bench/Moat.Benchmarks -- --filter '*StreamAssembler*'
/// </summary>
[MemoryDiagnoser]
public class StreamAssemblerBenchmarks
{
    private const int Deltas = 300;
    private const int ChunkBytes = 1400;
    private byte[] _openAi = [];
    private byte[] _anthropic = [];
    private readonly OpenAiStreamAssembler _openAiAssembler = new();
    private readonly AnthropicStreamAssembler _anthropicAssembler = new();

    [GlobalSetup]
    public void Setup()
    {
        var o = new StringBuilder();
        for (int i = 0; i < Deltas; i++)
        {
            o.Append("data: {\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,\"model\":\"gpt-4o-mini\",")
             .Append("\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" token")
             .Append(i).Append(" and more\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
        }
        o.Append("data: {\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
        o.Append("data: {\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":900,\"total_tokens\":919}}\n\ndata: [DONE]\n\n");
        _openAi = Encoding.UTF8.GetBytes(o.ToString());

        var a = new StringBuilder();
        a.Append("event: message_start\ndata: {\"type\": \"message_start\", \"message\": {\"id\": \"msg_1\", \"type\": \"message\", \"role\": \"assistant\", \"content\": [], \"model\": \"claude-sonnet-4-5\", \"stop_reason\": null, \"stop_sequence\": null, \"usage\": {\"input_tokens\": 25, \"output_tokens\": 1}}}\n\n");
        a.Append("event: content_block_start\ndata: {\"type\": \"content_block_start\", \"index\": 0, \"content_block\": {\"type\": \"text\", \"text\": \"\"}}\n\n");
        for (int i = 0; i < Deltas; i++)
        {
            a.Append("event: content_block_delta\ndata: {\"type\": \"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"text_delta\", \"text\": \" token")
             .Append(i).Append(" and more\"}}\n\n");
        }
        a.Append("event: content_block_stop\ndata: {\"type\": \"content_block_stop\", \"index\": 0}\n\n");
        a.Append("event: message_delta\ndata: {\"type\": \"message_delta\", \"delta\": {\"stop_reason\": \"end_turn\", \"stop_sequence\":null}, \"usage\": {\"output_tokens\": 900}}\n\n");
        a.Append("event: message_stop\ndata: {\"type\": \"message_stop\"}\n\n");
        _anthropic = Encoding.UTF8.GetBytes(a.ToString());
    }

    [Benchmark]
    public AssembledResponse OpenAiStream() => Feed(_openAiAssembler, _openAi);

    [Benchmark]
    public AssembledResponse AnthropicStream() => Feed(_anthropicAssembler, _anthropic);

    private static AssembledResponse Feed(Moat.Ingest.Streaming.StreamAssembler assembler, byte[] bytes)
    {
        assembler.Reset();
        for (int at = 0; at < bytes.Length; at += ChunkBytes)
            assembler.AppendSse(bytes.AsSpan(at, Math.Min(ChunkBytes, bytes.Length - at)));
        return assembler.Complete();
    }
}
