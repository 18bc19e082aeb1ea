using System.Text;
using System.Text.Json;
using Moat.Ingest.Mapping;
using Moat.Ingest.Streaming;

namespace Moat.Ingest.OpenAi;

/// <summary>
/// Rebuilds a Chat Completions response from its <c>chat.completion.chunk</c> stream: content and
/// refusal deltas, tool-call fragments (joined per tool index), the last finish reason, and the usage
/// chunk sent when the request set <c>stream_options.include_usage</c>. Only choice 0 is kept, like
/// the non-streamed mapping.
/// </summary>
public sealed class OpenAiStreamAssembler : StreamAssembler
{
    private readonly StringBuilder _content = new(256);
    private readonly List<ToolCall> _tools = [];
    private readonly ResponseText _text = new();
    private string? _id, _model, _finish;
    private int? _input, _output, _reasoning, _errorStatus;
    private long _reasoningChars;
    private bool _sawChoice;

    protected override void ReadEvent(ReadOnlySpan<byte> json)
    {
        var r = new Utf8JsonReader(json);
        if (!r.Read() || r.TokenType != JsonTokenType.StartObject) throw new JsonException("event is not an object");
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("id"u8)) { JsonText.Value(ref r); _id ??= JsonText.OptionalString(ref r); }
            else if (r.ValueTextEquals("model"u8)) { JsonText.Value(ref r); _model ??= JsonText.OptionalString(ref r); }
            else if (r.ValueTextEquals("choices"u8))
            {
                JsonText.Value(ref r);
                if (r.TokenType != JsonTokenType.StartArray) { r.Skip(); continue; }
                while (r.Read() && r.TokenType == JsonTokenType.StartObject) ReadChoice(ref r);
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

    private void ReadChoice(ref Utf8JsonReader r)
    {
        // OpenAI writes "index" first; a choice other than 0 (n > 1) is read past and ignored.
        int index = 0;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("index"u8)) { JsonText.Value(ref r); index = JsonText.OptionalInt(ref r) ?? 0; }
            else if (r.ValueTextEquals("delta"u8) && index == 0)
            {
                JsonText.Value(ref r);
                _sawChoice = true;
                if (r.TokenType == JsonTokenType.StartObject) ReadDelta(ref r);
                else r.Skip();
            }
            else if (r.ValueTextEquals("finish_reason"u8) && index == 0)
            {
                JsonText.Value(ref r);
                if (JsonText.OptionalString(ref r) is { } finish) _finish = finish;
            }
            else JsonText.SkipValue(ref r);
        }
    }

    private void ReadDelta(ref Utf8JsonReader r)
    {
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("content"u8) || r.ValueTextEquals("refusal"u8))
            {
                JsonText.Value(ref r);
                if (r.TokenType == JsonTokenType.String) JsonText.Append(ref r, _content);
                else r.Skip();
            }
            else if (r.ValueTextEquals("reasoning_content"u8) || r.ValueTextEquals("reasoning"u8))
            {
                // Not part of OpenAI's own API, but OpenAI-compatible servers stream reasoning this way.
                JsonText.Value(ref r);
                if (r.TokenType == JsonTokenType.String) _reasoningChars += JsonText.CharCount(ref r);
                else r.Skip();
            }
            else if (r.ValueTextEquals("tool_calls"u8))
            {
                JsonText.Value(ref r);
                if (r.TokenType != JsonTokenType.StartArray) { r.Skip(); continue; }
                while (r.Read() && r.TokenType == JsonTokenType.StartObject) ReadToolCall(ref r);
            }
            else if (r.ValueTextEquals("function_call"u8))
            {
                JsonText.Value(ref r);
                if (r.TokenType == JsonTokenType.StartObject) ReadFunction(ref r, Tool(0));
                else r.Skip();
            }
            else JsonText.SkipValue(ref r);
        }
    }

    private void ReadToolCall(ref Utf8JsonReader r)
    {
        // The first fragment of a call carries index, id and name; later ones only index and argument text.
        ToolCall? call = null;
        int index = 0;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("index"u8)) { JsonText.Value(ref r); index = JsonText.OptionalInt(ref r) ?? 0; }
            else if (r.ValueTextEquals("function"u8))
            {
                JsonText.Value(ref r);
                if (r.TokenType == JsonTokenType.StartObject) ReadFunction(ref r, call ??= Tool(index));
                else r.Skip();
            }
            else JsonText.SkipValue(ref r);
        }
    }

    private static void ReadFunction(ref Utf8JsonReader r, ToolCall call)
    {
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("name"u8)) { JsonText.Value(ref r); call.Name ??= JsonText.OptionalString(ref r); }
            else if (r.ValueTextEquals("arguments"u8))
            {
                JsonText.Value(ref r);
                if (r.TokenType == JsonTokenType.String) JsonText.Append(ref r, call.Arguments);
                else r.Skip();
            }
            else JsonText.SkipValue(ref r);
        }
    }

    private ToolCall Tool(int index)
    {
        foreach (var t in _tools)
        {
            if (t.Index == index) return t;
        }
        var call = new ToolCall(index);
        // Calls normally arrive in index order; keep the list sorted for rendering when they do not.
        int at = _tools.Count;
        while (at > 0 && _tools[at - 1].Index > index) at--;
        _tools.Insert(at, call);
        return call;
    }

    private void ReadUsage(ref Utf8JsonReader r)
    {
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("prompt_tokens"u8)) { JsonText.Value(ref r); _input = JsonText.OptionalInt(ref r) ?? _input; }
            else if (r.ValueTextEquals("completion_tokens"u8)) { JsonText.Value(ref r); _output = JsonText.OptionalInt(ref r) ?? _output; }
            else if (r.ValueTextEquals("completion_tokens_details"u8))
            {
                JsonText.Value(ref r);
                if (r.TokenType != JsonTokenType.StartObject) { r.Skip(); continue; }
                while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                {
                    if (r.ValueTextEquals("reasoning_tokens"u8)) { JsonText.Value(ref r); _reasoning = JsonText.OptionalInt(ref r) ?? _reasoning; }
                    else JsonText.SkipValue(ref r);
                }
            }
            else JsonText.SkipValue(ref r);
        }
    }

    protected override AssembledResponse Build()
    {
        _text.Clear();
        if (_sawChoice) _text.Touch();
        foreach (var chunk in _content.GetChunks()) _text.Text(chunk.Span);
        foreach (var tool in _tools)
        {
            _text.BeginTool(tool.Name);
            _text.ToolArguments(tool.Arguments.ToString());
            _text.EndTool();
        }
        bool failed = _errorStatus is not null;
        return new AssembledResponse
        {
            Id = _id,
            Model = _model,
            Text = _text.Build(),
            FinishReason = _finish ?? (failed && _sawChoice ? "error" : null),
            InputTokens = _input,
            OutputTokens = _output,
            ReasoningTokens = _reasoning ?? ReasoningEstimate.FromChars(_reasoningChars, _output),
            // An error before any output means the request failed; after output, the HTTP status was already sent.
            ErrorStatus = failed && !_sawChoice ? _errorStatus : null,
            Streamed = true,
        };
    }

    protected override void ResetResponse()
    {
        _content.Clear();
        _tools.Clear();
        _text.Clear();
        _id = _model = _finish = null;
        _input = _output = _reasoning = _errorStatus = null;
        _reasoningChars = 0;
        _sawChoice = false;
    }

    private sealed class ToolCall(int index)
    {
        public int Index { get; } = index;
        public string? Name { get; set; }
        public StringBuilder Arguments { get; } = new();
    }
}
