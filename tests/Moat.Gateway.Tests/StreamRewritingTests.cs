using System.Buffers;
using System.Text;
using Moat.Gateway.Enforcement;
using Moat.Gateway.Proxy;

namespace Moat.Gateway.Tests;

public sealed class StreamRewritingTests
{
    private const string AnthropicThinkingStream =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\"}}\n\n" +
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}\n\n" +
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"SECRET\"}}\n\n" +
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n" +
        "event: content_block_start\r\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\r\n\r\n" +
        ": keep-alive comment\n\n" +
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"answer\"}}\n\n" +
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n" +
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    private static string Rewrite(string stream, int chunkSize)
    {
        var rewriter = new SseRewriter(new ReasoningWithholding.StreamState(Provider.Anthropic), null, null);
        var output = new ArrayBufferWriter<byte>();
        var bytes = Encoding.UTF8.GetBytes(stream);
        for (int i = 0; i < bytes.Length; i += chunkSize)
            rewriter.Push(bytes.AsSpan(i, Math.Min(chunkSize, bytes.Length - i)), output);
        rewriter.Complete(output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(100_000)]
    public void Thinking_blocks_are_withheld_and_later_blocks_renumbered_however_the_stream_is_chunked(int chunkSize)
    {
        var result = Rewrite(AnthropicThinkingStream, chunkSize);
        Assert.DoesNotContain("SECRET", result);
        Assert.DoesNotContain("thinking", result);
        Assert.DoesNotContain("\"index\":1", result);
        Assert.Contains("\"text\":\"answer\"", result);
        // Untouched events pass byte for byte, comments included.
        Assert.StartsWith("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\"}}\n\n", result);
        Assert.Contains(": keep-alive comment\n\n", result);
        Assert.Equal(Rewrite(AnthropicThinkingStream, 100_000), result);
    }

    [Fact]
    public void Event_boundaries_are_found_for_every_line_ending()
    {
        foreach (var sep in new[] { "\n\n", "\r\n\r\n", "\r\r" })
        {
            var bytes = Encoding.ASCII.GetBytes("data: a" + sep + "data: b" + sep);
            int end = SseEvents.FindEnd(bytes, 0, out int next);
            Assert.Equal(7, end);
            Assert.Equal(7 + sep.Length, next);
        }
        Assert.Equal(-1, SseEvents.FindEnd("data: incomplete\n"u8, 0, out _));
    }

    [Fact]
    public void Openai_reasoning_fields_are_removed_from_requests_chunks_and_bodies()
    {
        var request = ReasoningWithholding.StripRequest(Provider.OpenAI, """{"model":"m","reasoning_effort":"high","messages":[]}"""u8);
        Assert.Equal("""{"model":"m","messages":[]}""", Encoding.UTF8.GetString(request!));
        Assert.Null(ReasoningWithholding.StripRequest(Provider.OpenAI, """{"model":"m","messages":[]}"""u8));

        var state = new ReasoningWithholding.StreamState(Provider.OpenAI);
        var chunk = state.Rewrite("""{"choices":[{"index":0,"delta":{"reasoning_content":"hmm"}}]}"""u8);
        Assert.Equal("""{"choices":[{"index":0,"delta":{}}]}""", Encoding.UTF8.GetString(chunk!));
        Assert.Null(state.Rewrite("""{"choices":[{"index":0,"delta":{"content":"hi"}}]}"""u8));

        var body = ReasoningWithholding.StripResponse(Provider.OpenAI, """{"choices":[{"message":{"content":"a","reasoning":"r"}}]}"""u8);
        Assert.Equal("""{"choices":[{"message":{"content":"a"}}]}""", Encoding.UTF8.GetString(body!));
    }
}
