using System.Text;
using System.Text.Json;
using Moat.Contract.Records;
using Moat.Gateway.Proxy;

namespace Moat.Gateway.Logging;

/// <summary>
/// Reads OpenAI Chat Completions and Anthropic Messages bodies, plain JSON or SSE streams, into the
/// contract's request and response fields. Whatever cannot be read (a truncated body, an upstream
/// error page) leaves the optional fields empty rather than losing the exchange.
/// </summary>
public sealed class ProviderBodyMapper : IExchangeMapper
{
    public Exchange Map(ExchangeCapture c, string id, string? orgId)
    {
        var request = ReadRequest(c.Provider, c.Request.Span, out string? model);
        var response = ReadResponse(c, ref model);
        return new Exchange
        {
            Id = id,
            Ts = c.Ts,
            AccountId = c.AccountId,
            OrgId = orgId,
            ApiKeyId = c.ApiKeyId,
            Ip = c.Ip,
            UserAgent = c.UserAgent,
            TlsFingerprint = c.TlsFingerprint,
            Endpoint = c.Endpoint,
            Model = model ?? "unknown",
            Request = request,
            Response = response,
        };
    }

    internal static ExchangeRequest ReadRequest(Provider provider, ReadOnlySpan<byte> body, out string? model)
    {
        model = null;
        JsonDocument doc;
        try { doc = JsonDocument.Parse(body.ToArray()); }
        catch (JsonException) { return new ExchangeRequest { Messages = [] }; }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return new ExchangeRequest { Messages = [] };
            model = Str(root, "model");
            var messages = new List<ChatMessage>();
            string? system = provider == Provider.Anthropic ? Text(root, "system") : null;
            if (root.TryGetProperty("messages", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var m in list.EnumerateArray())
                {
                    if (m.ValueKind != JsonValueKind.Object) continue;
                    string role = Str(m, "role") ?? ChatRoles.User;
                    string content = Text(m, "content") ?? "";
                    if (role is "system" or "developer")
                    {
                        system = system is null ? content : system + "\n\n" + content;
                        continue;
                    }
                    if (role is "tool" or "function" || (provider == Provider.Anthropic && OnlyToolResults(m))) role = ChatRoles.Tool;
                    else if (role != ChatRoles.Assistant) role = ChatRoles.User;
                    messages.Add(new ChatMessage(role, content));
                }
            }
            int? tools = root.TryGetProperty("tools", out var t) && t.ValueKind == JsonValueKind.Array ? t.GetArrayLength()
                : root.TryGetProperty("functions", out var f) && f.ValueKind == JsonValueKind.Array ? f.GetArrayLength() : null;
            return new ExchangeRequest
            {
                System = system,
                Messages = messages,
                Tools = tools,
                MaxTokens = Int(root, "max_tokens") ?? Int(root, "max_completion_tokens"),
                Temperature = root.TryGetProperty("temperature", out var temp) && temp.ValueKind == JsonValueKind.Number ? temp.GetDouble() : null,
                Stream = root.TryGetProperty("stream", out var s) && s.ValueKind is JsonValueKind.True or JsonValueKind.False ? s.GetBoolean() : null,
                Reasoning = ReasoningRequested(provider, root),
            };
        }
    }

    private static bool ReasoningRequested(Provider provider, JsonElement root)
    {
        if (provider == Provider.Anthropic)
            return root.TryGetProperty("thinking", out var thinking) && thinking.ValueKind == JsonValueKind.Object
                && Str(thinking, "type") is "enabled" or "adaptive";
        if (root.TryGetProperty("reasoning_effort", out var effort) && effort.ValueKind == JsonValueKind.String)
            return effort.GetString() is not ("none" or "");
        return root.TryGetProperty("reasoning", out var r) && r.ValueKind == JsonValueKind.Object
            || root.TryGetProperty("include_reasoning", out var inc) && inc.ValueKind == JsonValueKind.True;
    }

    private static bool OnlyToolResults(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array || content.GetArrayLength() == 0) return false;
        foreach (var block in content.EnumerateArray())
        {
            if (Str(block, "type") != "tool_result") return false;
        }
        return true;
    }

    private static ExchangeResponse ReadResponse(ExchangeCapture c, ref string? model)
    {
        var result = new ResponseReading();
        if (c.Response is { Length: > 0 } body && c.Status is >= 200 and < 300)
        {
            if (c.ResponseIsEventStream) ReadEventStream(c.Provider, body.Span, result);
            else ReadJson(c.Provider, body.Span, result);
        }
        model ??= result.Model;
        return new ExchangeResponse
        {
            Status = c.Status,
            Text = result.HasText ? result.Text.ToString() : null,
            InputTokens = result.InputTokens,
            OutputTokens = result.OutputTokens,
            ReasoningTokens = result.ReasoningTokens,
            FinishReason = result.FinishReason,
            LatencyMs = c.LatencyMs,
        };
    }

    private sealed class ResponseReading
    {
        public readonly StringBuilder Text = new();
        public bool HasText;
        public string? Model, FinishReason;
        public int? InputTokens, OutputTokens, ReasoningTokens;

        public void AppendText(string? s)
        {
            if (s is null) return;
            HasText = true;
            Text.Append(s);
        }
    }

    private static void ReadJson(Provider provider, ReadOnlySpan<byte> body, ResponseReading r)
    {
        try
        {
            using var doc = JsonDocument.Parse(body.ToArray());
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return;
            r.Model = Str(root, "model");
            if (provider == Provider.Anthropic)
            {
                if (root.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
                {
                    foreach (var block in content.EnumerateArray())
                    {
                        if (Str(block, "type") == "text") r.AppendText(Str(block, "text"));
                    }
                }
                r.FinishReason = Str(root, "stop_reason");
                if (root.TryGetProperty("usage", out var usage)) AnthropicUsage(usage, r);
            }
            else
            {
                if (root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
                {
                    var first = choices[0];
                    if (first.TryGetProperty("message", out var message)) r.AppendText(Str(message, "content") ?? (message.ValueKind == JsonValueKind.Object ? "" : null));
                    r.FinishReason = Str(first, "finish_reason");
                }
                if (root.TryGetProperty("usage", out var usage)) OpenAiUsage(usage, r);
            }
        }
        catch (JsonException)
        {
            // Truncated or not JSON: the exchange is logged with what the metadata says.
        }
    }

    private static void ReadEventStream(Provider provider, ReadOnlySpan<byte> stream, ResponseReading r)
    {
        var data = new List<byte>(1024);
        int pos = 0;
        while (pos < stream.Length)
        {
            int end = SseEvents.FindEnd(stream, pos, out int next);
            if (end < 0) { end = stream.Length; next = stream.Length; }
            SseEvents.Data(stream[pos..end], data);
            pos = next;
            if (data.Count == 0 || (data.Count == 6 && Encoding.ASCII.GetString(data.ToArray()) == "[DONE]")) continue;
            try
            {
                using var doc = JsonDocument.Parse(data.ToArray());
                if (provider == Provider.Anthropic) AnthropicEvent(doc.RootElement, r);
                else OpenAiChunk(doc.RootElement, r);
            }
            catch (JsonException)
            {
                // A cut-off last event (capture cap) or a comment: skip it, keep the rest.
            }
        }
    }

    private static void OpenAiChunk(JsonElement chunk, ResponseReading r)
    {
        if (chunk.ValueKind != JsonValueKind.Object) return;
        r.Model ??= Str(chunk, "model");
        if (chunk.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array)
        {
            foreach (var choice in choices.EnumerateArray())
            {
                if (Int(choice, "index") is > 0) continue;
                if (choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object)
                {
                    if (Str(delta, "content") is { } text) r.AppendText(text);
                    else if (!r.HasText) r.HasText = true;
                }
                if (Str(choice, "finish_reason") is { } finish) r.FinishReason = finish;
            }
        }
        if (chunk.TryGetProperty("usage", out var usage)) OpenAiUsage(usage, r);
    }

    private static void AnthropicEvent(JsonElement e, ResponseReading r)
    {
        if (e.ValueKind != JsonValueKind.Object) return;
        switch (Str(e, "type"))
        {
            case "message_start" when e.TryGetProperty("message", out var message):
                r.Model ??= Str(message, "model");
                r.HasText = true;
                if (message.TryGetProperty("usage", out var startUsage)) AnthropicUsage(startUsage, r);
                break;
            case "content_block_delta" when e.TryGetProperty("delta", out var delta):
                if (Str(delta, "type") == "text_delta") r.AppendText(Str(delta, "text"));
                break;
            case "message_delta":
                if (e.TryGetProperty("delta", out var md) && Str(md, "stop_reason") is { } stop) r.FinishReason = stop;
                if (e.TryGetProperty("usage", out var usage)) AnthropicUsage(usage, r);
                break;
        }
    }

    private static void OpenAiUsage(JsonElement usage, ResponseReading r)
    {
        if (usage.ValueKind != JsonValueKind.Object) return;
        r.InputTokens = Int(usage, "prompt_tokens") ?? r.InputTokens;
        r.OutputTokens = Int(usage, "completion_tokens") ?? r.OutputTokens;
        if (usage.TryGetProperty("completion_tokens_details", out var details) && details.ValueKind == JsonValueKind.Object)
            r.ReasoningTokens = Int(details, "reasoning_tokens") ?? r.ReasoningTokens;
    }

    private static void AnthropicUsage(JsonElement usage, ResponseReading r)
    {
        if (usage.ValueKind != JsonValueKind.Object) return;
        // Cached input is still input the account sent; the contract has one input count.
        if (Int(usage, "input_tokens") is { } input)
            r.InputTokens = input + (Int(usage, "cache_creation_input_tokens") ?? 0) + (Int(usage, "cache_read_input_tokens") ?? 0);
        r.OutputTokens = Int(usage, "output_tokens") ?? r.OutputTokens;
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int? Int(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i : null;

    /// <summary>A content field as text: a string, or the text parts of an array of content blocks.</summary>
    private static string? Text(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v)) return null;
        if (v.ValueKind == JsonValueKind.String) return v.GetString();
        if (v.ValueKind != JsonValueKind.Array) return null;
        var sb = new StringBuilder();
        foreach (var part in v.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.String) { Append(sb, part.GetString()); continue; }
            switch (Str(part, "type"))
            {
                case "text": Append(sb, Str(part, "text")); break;
                case "tool_result": Append(sb, Text(part, "content")); break;
            }
        }
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, string? s)
    {
        if (string.IsNullOrEmpty(s)) return;
        if (sb.Length > 0) sb.Append('\n');
        sb.Append(s);
    }
}
