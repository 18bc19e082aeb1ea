using System.Text.Json;
using Moat.Ingest.Mapping;
using Moat.Ingest.Streaming;

namespace Moat.Ingest.Anthropic;

/// <summary>
/// Rebuilds a Messages response from its event stream: <c>message_start</c> (id, model, input usage),
/// content blocks (text deltas; <c>input_json_delta</c> fragments of a tool call; thinking deltas,
/// counted as reasoning), <c>message_delta</c> (stop reason, cumulative output usage) and
/// <c>error</c>. Blocks stream one after another, so each delta is written straight into the text.
/// </summary>
public sealed class AnthropicStreamAssembler : StreamAssembler
{
    private readonly ResponseText _text = new();
    private string? _id, _model, _finish;
    private int? _input, _cacheCreation, _cacheRead, _output, _errorStatus;
    private long _thinkingChars;
    private bool _started;

    protected override void ReadEvent(ReadOnlySpan<byte> json)
    {
        // Events are told apart by what they carry rather than by "type", so that field order never matters.
        var r = new Utf8JsonReader(json);
        if (!r.Read() || r.TokenType != JsonTokenType.StartObject) throw new JsonException("event is not an object");
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("type"u8))
            {
                JsonText.Value(ref r);
                if (r.TokenType == JsonTokenType.String && r.ValueTextEquals("content_block_stop"u8)) _text.EndTool();
            }
            else if (r.ValueTextEquals("message"u8))
            {
                JsonText.Value(ref r);
                if (r.TokenType == JsonTokenType.StartObject) ReadMessage(ref r);
                else r.Skip();
            }
            else if (r.ValueTextEquals("content_block"u8))
            {
                JsonText.Value(ref r);
                if (r.TokenType == JsonTokenType.StartObject) ReadBlockStart(ref r);
                else r.Skip();
            }
            else if (r.ValueTextEquals("delta"u8))
            {
                JsonText.Value(ref r);
                if (r.TokenType == JsonTokenType.StartObject) ReadDelta(ref r);
                else r.Skip();
            }
            else if (r.ValueTextEquals("usage"u8))
            {
                JsonText.Value(ref r);
                if (r.TokenType == JsonTokenType.StartObject) ReadUsage(ref r);
                else r.Skip();
            }
            else if (r.ValueTextEquals("error"u8))
            {
                JsonText.Value(ref r);
                _errorStatus = JsonText.ReadErrorStatus(ref r);
            }
            else JsonText.SkipValue(ref r);
        }
    }

    private void ReadMessage(ref Utf8JsonReader r)
    {
        _started = true;
        _text.Touch();
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("id"u8)) { JsonText.Value(ref r); _id ??= JsonText.OptionalString(ref r); }
            else if (r.ValueTextEquals("model"u8)) { JsonText.Value(ref r); _model ??= JsonText.OptionalString(ref r); }
            else if (r.ValueTextEquals("stop_reason"u8)) { JsonText.Value(ref r); _finish = JsonText.OptionalString(ref r) ?? _finish; }
            else if (r.ValueTextEquals("usage"u8))
            {
                JsonText.Value(ref r);
                if (r.TokenType == JsonTokenType.StartObject) ReadUsage(ref r);
                else r.Skip();
            }
            else JsonText.SkipValue(ref r);
        }
    }

    private enum BlockKind { Text, Thinking, ToolUse, Other }

    private void ReadBlockStart(ref Utf8JsonReader r)
    {
        // Start blocks carry their first content: usually empty text/thinking and an empty tool input.
        var kind = BlockKind.Other;
        string? type = null, name = null;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("type"u8))
            {
                JsonText.Value(ref r);
                if (r.ValueTextEquals("text"u8)) kind = BlockKind.Text;
                else if (r.ValueTextEquals("thinking"u8) || r.ValueTextEquals("redacted_thinking"u8)) kind = BlockKind.Thinking;
                else if (r.ValueTextEquals("tool_use"u8) || r.ValueTextEquals("server_tool_use"u8)) kind = BlockKind.ToolUse;
                else type = JsonText.OptionalString(ref r);
            }
            else if (r.ValueTextEquals("name"u8)) { JsonText.Value(ref r); name = JsonText.OptionalString(ref r); }
            else if (r.ValueTextEquals("text"u8))
            {
                JsonText.Value(ref r);
                if (r.TokenType == JsonTokenType.String && !r.ValueSpan.IsEmpty) _text.Text(r.GetString());
            }
            else if (r.ValueTextEquals("thinking"u8))
            {
                JsonText.Value(ref r);
                if (r.TokenType == JsonTokenType.String) _thinkingChars += JsonText.CharCount(ref r);
            }
            else JsonText.SkipValue(ref r);
        }
        if (kind == BlockKind.ToolUse) _text.BeginTool(name);
        else if (kind == BlockKind.Other) _text.Placeholder(type ?? "block");
    }

    private void ReadDelta(ref Utf8JsonReader r)
    {
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("text"u8))
            {
                JsonText.Value(ref r);
                if (r.TokenType == JsonTokenType.String) AppendText(ref r);
            }
            else if (r.ValueTextEquals("thinking"u8))
            {
                JsonText.Value(ref r);
                if (r.TokenType == JsonTokenType.String) _thinkingChars += JsonText.CharCount(ref r);
            }
            else if (r.ValueTextEquals("partial_json"u8))
            {
                JsonText.Value(ref r);
                if (r.TokenType == JsonTokenType.String) AppendToolArguments(ref r);
            }
            else if (r.ValueTextEquals("stop_reason"u8)) { JsonText.Value(ref r); _finish = JsonText.OptionalString(ref r) ?? _finish; }
            else JsonText.SkipValue(ref r);
        }
    }

    private void AppendText(ref Utf8JsonReader r)
    {
        Span<char> buffer = stackalloc char[256];
        if (r.ValueSpan.Length <= buffer.Length) _text.Text(buffer[..r.CopyString(buffer)]);
        else _text.Text(r.GetString());
    }

    private void AppendToolArguments(ref Utf8JsonReader r)
    {
        Span<char> buffer = stackalloc char[256];
        if (r.ValueSpan.Length <= buffer.Length) _text.ToolArguments(buffer[..r.CopyString(buffer)]);
        else _text.ToolArguments(r.GetString());
    }

    private void ReadUsage(ref Utf8JsonReader r)
    {
        // message_delta usage is cumulative, so a later value replaces an earlier one.
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("input_tokens"u8)) { JsonText.Value(ref r); _input = JsonText.OptionalInt(ref r) ?? _input; }
            else if (r.ValueTextEquals("cache_creation_input_tokens"u8)) { JsonText.Value(ref r); _cacheCreation = JsonText.OptionalInt(ref r) ?? _cacheCreation; }
            else if (r.ValueTextEquals("cache_read_input_tokens"u8)) { JsonText.Value(ref r); _cacheRead = JsonText.OptionalInt(ref r) ?? _cacheRead; }
            else if (r.ValueTextEquals("output_tokens"u8)) { JsonText.Value(ref r); _output = JsonText.OptionalInt(ref r) ?? _output; }
            else JsonText.SkipValue(ref r);
        }
    }

    protected override AssembledResponse Build()
    {
        bool failed = _errorStatus is not null;
        return new AssembledResponse
        {
            Id = _id,
            Model = _model,
            Text = _text.Build(),
            FinishReason = _finish ?? (failed && _started ? "error" : null),
            InputTokens = AnthropicUsage.TotalInput(_input, _cacheCreation, _cacheRead),
            OutputTokens = _output,
            ReasoningTokens = ReasoningEstimate.FromChars(_thinkingChars, _output),
            // An error before message_start means the request failed; after it, the HTTP status was already 200.
            ErrorStatus = failed && !_started ? _errorStatus : null,
            Streamed = true,
        };
    }

    protected override void ResetResponse()
    {
        _text.Clear();
        _id = _model = _finish = null;
        _input = _cacheCreation = _cacheRead = _output = _errorStatus = null;
        _thinkingChars = 0;
        _started = false;
    }
}
