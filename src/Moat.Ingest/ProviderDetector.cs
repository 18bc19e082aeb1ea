using System.Runtime.InteropServices;
using System.Text.Json;
using static Moat.Ingest.Mapping.Elements;

namespace Moat.Ingest;

/// <summary>
/// Tells from a logged request/response pair which API it speaks. The response is the surest sign
/// (<c>chat.completion</c> objects and <c>choices</c> versus <c>type: message</c> and content blocks),
/// then fields only one request format has (a top-level <c>system</c> or <c>thinking</c>; <c>system</c>,
/// <c>developer</c> or <c>tool</c> roles; <c>image_url</c> parts; <c>tool_use</c> blocks), then the model
/// name. Last, <c>max_tokens</c> decides: Anthropic requires it and OpenAI has deprecated it.
/// </summary>
public static class ProviderDetector
{
    public static LogProvider Detect(JsonElement request, JsonElement response, string? endpoint = null)
    {
        if (endpoint is not null)
        {
            if (endpoint.Contains("/messages", StringComparison.Ordinal)) return LogProvider.Anthropic;
            if (endpoint.Contains("/chat/completions", StringComparison.Ordinal)) return LogProvider.OpenAi;
        }
        var byResponse = FromResponse(response);
        if (byResponse != LogProvider.Auto) return byResponse;
        var byRequest = FromRequest(request);
        if (byRequest != LogProvider.Auto) return byRequest;
        if (LenientString(request, "model") is { } model)
        {
            if (model.StartsWith("claude", StringComparison.OrdinalIgnoreCase)) return LogProvider.Anthropic;
            if (model.StartsWith("gpt-", StringComparison.OrdinalIgnoreCase) || model.StartsWith("chatgpt", StringComparison.OrdinalIgnoreCase) ||
                (model.Length >= 2 && (model[0] is 'o' or 'O') && char.IsAsciiDigit(model[1])))
                return LogProvider.OpenAi;
        }
        return TryGet(request, "max_tokens", out _) ? LogProvider.Anthropic : LogProvider.OpenAi;
    }

    public static LogProvider FromResponse(JsonElement response)
    {
        switch (response.ValueKind)
        {
            case JsonValueKind.Object:
                return FromResponseObject(response);
            case JsonValueKind.Array:
                foreach (var item in response.EnumerateArray())
                {
                    var found = item.ValueKind switch
                    {
                        JsonValueKind.Object => FromEvent(item),
                        JsonValueKind.String => FromSseText(item),
                        _ => LogProvider.Auto,
                    };
                    if (found != LogProvider.Auto) return found;
                }
                return LogProvider.Auto;
            case JsonValueKind.String:
                return FromSseText(response);
            default:
                return LogProvider.Auto;
        }
    }

    private static LogProvider FromResponseObject(JsonElement response)
    {
        if (TryGet(response, "choices", out _)) return LogProvider.OpenAi;
        if (LenientString(response, "object") is { } obj && obj.StartsWith("chat.completion", StringComparison.Ordinal)) return LogProvider.OpenAi;
        if (LenientString(response, "type") is "message" or "error") return LogProvider.Anthropic;
        if (TryGet(response, "content", out var content) && content.ValueKind == JsonValueKind.Array) return LogProvider.Anthropic;
        // OpenAI's error body is { "error": {...} } with no top-level type.
        if (TryGet(response, "error", out _)) return LogProvider.OpenAi;
        return LogProvider.Auto;
    }

    private static LogProvider FromEvent(JsonElement item)
    {
        if (TryGet(item, "data", out var data) && !TryGet(item, "type", out _))
        {
            if (data.ValueKind == JsonValueKind.Object) return FromEvent(data);
            if (data.ValueKind == JsonValueKind.String) return FromSseText(data);
        }
        if (TryGet(item, "choices", out _)) return LogProvider.OpenAi;
        if (LenientString(item, "object") is { } obj && obj.StartsWith("chat.completion", StringComparison.Ordinal)) return LogProvider.OpenAi;
        if (LenientString(item, "type") is { } type &&
            (type.StartsWith("message_", StringComparison.Ordinal) || type.StartsWith("content_block", StringComparison.Ordinal) || type is "ping" or "error"))
            return LogProvider.Anthropic;
        return LogProvider.Auto;
    }

    /// <summary>
    /// Looks for names only one API streams, in the raw (still escaped) bytes so that a long stream is not
    /// copied. Whichever comes first wins: the first event names its API, while answer text further on
    /// might mention the other's names.
    /// </summary>
    private static LogProvider FromSseText(JsonElement text)
    {
        var raw = JsonMarshal.GetRawUtf8Value(text);
        int openAi = Math.Min(Position(raw, "chat.completion"u8), Position(raw, "choices"u8));
        int anthropic = Math.Min(Position(raw, "message_start"u8), Position(raw, "content_block_"u8));
        if (openAi == anthropic) return LogProvider.Auto; // neither found
        return openAi < anthropic ? LogProvider.OpenAi : LogProvider.Anthropic;
    }

    private static int Position(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle)
    {
        int at = haystack.IndexOf(needle);
        return at < 0 ? int.MaxValue : at;
    }

    public static LogProvider FromRequest(JsonElement request)
    {
        if (request.ValueKind != JsonValueKind.Object) return LogProvider.Auto;
        if (TryGet(request, "system", out _) || TryGet(request, "thinking", out _) ||
            TryGet(request, "stop_sequences", out _) || TryGet(request, "top_k", out _))
            return LogProvider.Anthropic;
        if (TryGet(request, "max_completion_tokens", out _) || TryGet(request, "reasoning_effort", out _) ||
            TryGet(request, "stream_options", out _) || TryGet(request, "functions", out _) ||
            TryGet(request, "response_format", out _) || TryGet(request, "n", out _) ||
            TryGet(request, "frequency_penalty", out _) || TryGet(request, "presence_penalty", out _))
            return LogProvider.OpenAi;
        if (TryGet(request, "tools", out var tools) && tools.ValueKind == JsonValueKind.Array)
        {
            foreach (var tool in tools.EnumerateArray())
            {
                if (TryGet(tool, "function", out _)) return LogProvider.OpenAi;
                if (TryGet(tool, "input_schema", out _)) return LogProvider.Anthropic;
            }
        }
        if (TryGet(request, "messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
        {
            foreach (var message in messages.EnumerateArray())
            {
                var byMessage = FromMessage(message);
                if (byMessage != LogProvider.Auto) return byMessage;
            }
        }
        return LogProvider.Auto;
    }

    private static LogProvider FromMessage(JsonElement message)
    {
        if (LenientString(message, "role") is "system" or "developer" or "tool" or "function") return LogProvider.OpenAi;
        if (TryGet(message, "tool_calls", out _) || TryGet(message, "tool_call_id", out _)) return LogProvider.OpenAi;
        if (!TryGet(message, "content", out var content) || content.ValueKind != JsonValueKind.Array) return LogProvider.Auto;
        foreach (var part in content.EnumerateArray())
        {
            switch (LenientString(part, "type"))
            {
                case "image_url" or "input_audio" or "file" or "refusal":
                    return LogProvider.OpenAi;
                case "image" or "document" or "tool_use" or "tool_result" or "thinking" or "redacted_thinking":
                    return LogProvider.Anthropic;
            }
        }
        return LogProvider.Auto;
    }
}
