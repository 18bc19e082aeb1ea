using System.Text;
using Moat.Ingest.Anthropic;
using Moat.Ingest.OpenAi;
using Moat.Ingest.Streaming;

namespace Moat.Ingest.Tests;

/// <summary>The incremental SSE assemblers the gateway feeds chunk by chunk.</summary>
public sealed class StreamAssemblerTests
{
    public static TheoryData<string, bool> Streams => new()
    {
        { "openai/stream.response.sse", false },
        { "openai/tools-stream.response.sse", false },
        { "anthropic/stream.response.sse", true },
        { "anthropic/thinking-stream.response.sse", true },
        { "anthropic/tools-stream.response.sse", true },
    };

    private static StreamAssembler Create(bool anthropic) =>
        anthropic ? new AnthropicStreamAssembler() : new OpenAiStreamAssembler();

    private static AssembledResponse Whole(string name, bool anthropic)
    {
        using var assembler = Create(anthropic);
        assembler.AppendSse(Fixture.Bytes(name));
        return assembler.Complete();
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void Any_chunking_gives_the_same_response(string name, bool anthropic)
    {
        var bytes = Fixture.Bytes(name);
        var expected = Whole(name, anthropic);
        Assert.NotNull(expected.Text);
        using var assembler = Create(anthropic);
        foreach (int size in new[] { 1, 2, 3, 7, 64, 333 })
        {
            assembler.Reset();
            for (int at = 0; at < bytes.Length; at += size)
                assembler.AppendSse(bytes.AsSpan(at, Math.Min(size, bytes.Length - at)));
            Assert.Equal(expected, assembler.Complete());
            Assert.Equal(0, assembler.BadEvents);
        }
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void Crlf_line_endings_read_like_lf(string name, bool anthropic)
    {
        var crlf = Encoding.UTF8.GetBytes(Fixture.Text(name).Replace("\n", "\r\n"));
        using var assembler = Create(anthropic);
        // Split between CR and LF to exercise the carried-over CR.
        int cr = Array.IndexOf(crlf, (byte)'\r') + 1;
        assembler.AppendSse(crlf.AsSpan(0, cr));
        assembler.AppendSse(crlf.AsSpan(cr));
        Assert.Equal(Whole(name, anthropic), assembler.Complete());
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void Data_split_over_several_lines_is_one_event(string eol)
    {
        // SSE joins consecutive data: lines of one event with a newline; JSON allows that newline.
        var sse = $"event: message_start{eol}data: {{\"type\": \"message_start\",{eol}data: \"message\": {{\"id\": \"msg_1\", \"usage\": {{\"input_tokens\": 7}}}}}}{eol}{eol}"
                  + $"data: {{\"type\": \"content_block_delta\", \"delta\": {{\"type\": \"text_delta\", \"text\": \"Hi\"}}}}{eol}{eol}";
        var bytes = Encoding.UTF8.GetBytes(sse);
        using var assembler = new AnthropicStreamAssembler();
        foreach (var b in bytes) assembler.AppendSse([b]); // every boundary, including between CR and LF
        var r = assembler.Complete();

        Assert.Equal(0, assembler.BadEvents);
        Assert.Equal(2, assembler.Events);
        Assert.Equal("msg_1", r.Id);
        Assert.Equal(7, r.InputTokens);
        Assert.Equal("Hi", r.Text);
    }

    [Fact]
    public void Events_without_blank_lines_between_them_are_still_split()
    {
        var squeezed = Fixture.Text("openai/stream.response.sse").Replace("\n\n", "\n");
        using var assembler = new OpenAiStreamAssembler();
        assembler.AppendSse(Encoding.UTF8.GetBytes(squeezed));
        var r = assembler.Complete();

        Assert.Equal("Hello! How can I assist you today?", r.Text);
        Assert.Equal(19, r.InputTokens);
        Assert.True(assembler.SawDone);
    }

    [Fact]
    public void A_bad_event_is_counted_and_the_rest_kept()
    {
        var text = Fixture.Text("anthropic/stream.response.sse")
            .Replace("event: ping\ndata: {\"type\": \"ping\"}", "event: ping\ndata: {\"type\": \"pi");
        using var assembler = new AnthropicStreamAssembler();
        assembler.AppendSse(Encoding.UTF8.GetBytes(text));
        var r = assembler.Complete();

        Assert.Equal(1, assembler.BadEvents);
        Assert.Equal("Hello!", r.Text);
        Assert.Equal(15, r.OutputTokens);
    }

    [Fact]
    public void Last_event_without_trailing_blank_line_is_not_lost()
    {
        var text = Fixture.Text("openai/stream.response.sse").Replace("data: [DONE]", "").TrimEnd();
        using var assembler = new OpenAiStreamAssembler();
        assembler.AppendSse(Encoding.UTF8.GetBytes(text));
        var r = assembler.Complete();

        Assert.Equal(9, r.OutputTokens); // the usage chunk was the unterminated last line
        Assert.False(assembler.SawDone);
    }

    [Fact]
    public void Reset_forgets_the_previous_stream()
    {
        using var assembler = new OpenAiStreamAssembler();
        assembler.AppendSse(Fixture.Bytes("openai/tools-stream.response.sse"));
        _ = assembler.Complete();
        assembler.Reset();
        assembler.AppendSse(Fixture.Bytes("openai/stream.response.sse"));

        Assert.Equal(Whole("openai/stream.response.sse", anthropic: false), assembler.Complete());
    }

    [Fact]
    public void Escaped_and_long_deltas_are_unescaped()
    {
        string longText = new('x', 5000);
        var sse = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"caf\\u00e9 \\\"q\\\"\\n\"}}]}\n\n"
                  + $"data: {{\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{longText}\"}}}}]}}\n\n";
        using var assembler = new OpenAiStreamAssembler();
        assembler.AppendSse(Encoding.UTF8.GetBytes(sse));

        Assert.Equal("café \"q\"\n" + longText, assembler.Complete().Text);
    }

    [Fact]
    public void Only_the_first_choice_is_kept_when_n_is_more_than_one()
    {
        var sse = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"A\"}},{\"index\":1,\"delta\":{\"content\":\"B\"},\"finish_reason\":\"length\"}]}\n\n"
                  + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";
        using var assembler = new OpenAiStreamAssembler();
        assembler.AppendSse(Encoding.UTF8.GetBytes(sse));
        var r = assembler.Complete();

        Assert.Equal("A", r.Text);
        Assert.Equal("stop", r.FinishReason);
    }

    [Fact]
    public void Reasoning_content_deltas_estimate_reasoning_when_usage_has_none()
    {
        var sse = "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"12345678\"}}]}\n\n"
                  + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":9}}\n\n";
        using var assembler = new OpenAiStreamAssembler();
        assembler.AppendSse(Encoding.UTF8.GetBytes(sse));
        var r = assembler.Complete();

        Assert.Equal("ok", r.Text);
        Assert.Equal(2, r.ReasoningTokens);
    }
}
