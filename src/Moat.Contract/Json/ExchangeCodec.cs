using System.Text.Json;
using Moat.Contract.Io;
using Moat.Contract.Records;
using static Moat.Contract.Json.JsonFields;

namespace Moat.Contract.Json;

/// <summary><c>exchanges.jsonl</c> lines (data contract §1). Unknown fields are ignored, never rejected.</summary>
public sealed class ExchangeCodec : IRecordCodec<Exchange>
{
    public static readonly ExchangeCodec Instance = new();

    public Exchange Parse(ReadOnlySpan<byte> utf8Line)
    {
        var r = new Utf8JsonReader(utf8Line, new JsonReaderOptions { MaxDepth = 64 });
        Next(ref r);
        if (r.TokenType != JsonTokenType.StartObject)
            throw new RecordFormatException(ReadProblems.NotAnObject, "line is not a JSON object");

        string? id = null, accountId = null, endpoint = null, model = null;
        string? orgId = null, apiKeyId = null, ip = null, userAgent = null, tls = null;
        DateTime? ts = null;
        ExchangeRequest? request = null;
        ExchangeResponse? response = null;

        while (true)
        {
            Next(ref r);
            if (r.TokenType == JsonTokenType.EndObject) break;
            if (r.ValueTextEquals("id"u8)) { Next(ref r); id = RequiredString(ref r, "id"); }
            else if (r.ValueTextEquals("ts"u8)) { Next(ref r); ts = Timestamp(ref r, "ts"); }
            else if (r.ValueTextEquals("account_id"u8)) { Next(ref r); accountId = RequiredString(ref r, "account_id"); }
            else if (r.ValueTextEquals("org_id"u8)) { Next(ref r); orgId = OptionalString(ref r, "org_id"); }
            else if (r.ValueTextEquals("api_key_id"u8)) { Next(ref r); apiKeyId = OptionalString(ref r, "api_key_id"); }
            else if (r.ValueTextEquals("ip"u8)) { Next(ref r); ip = OptionalString(ref r, "ip"); }
            else if (r.ValueTextEquals("user_agent"u8)) { Next(ref r); userAgent = OptionalString(ref r, "user_agent"); }
            else if (r.ValueTextEquals("tls_fingerprint"u8)) { Next(ref r); tls = OptionalString(ref r, "tls_fingerprint"); }
            else if (r.ValueTextEquals("endpoint"u8)) { Next(ref r); endpoint = RequiredString(ref r, "endpoint"); }
            else if (r.ValueTextEquals("model"u8)) { Next(ref r); model = RequiredString(ref r, "model"); }
            else if (r.ValueTextEquals("request"u8)) { Next(ref r); request = ParseRequest(ref r); }
            else if (r.ValueTextEquals("response"u8)) { Next(ref r); response = ParseResponse(ref r); }
            else { Next(ref r); SkipValue(ref r); }
        }
        EnsureEnd(ref r);

        return new Exchange
        {
            Id = id ?? throw Missing("id"),
            Ts = ts ?? throw Missing("ts"),
            AccountId = accountId ?? throw Missing("account_id"),
            OrgId = orgId,
            ApiKeyId = apiKeyId,
            Ip = ip,
            UserAgent = userAgent,
            TlsFingerprint = tls,
            Endpoint = endpoint ?? throw Missing("endpoint"),
            Model = model ?? throw Missing("model"),
            Request = request ?? throw Missing("request"),
            Response = response ?? throw Missing("response"),
        };
    }

    private static ExchangeRequest ParseRequest(ref Utf8JsonReader r)
    {
        ExpectStartObject(ref r, "request");
        string? system = null;
        List<ChatMessage>? messages = null;
        int? tools = null, maxTokens = null;
        double? temperature = null;
        bool? stream = null, reasoning = null;
        while (true)
        {
            Next(ref r);
            if (r.TokenType == JsonTokenType.EndObject) break;
            if (r.ValueTextEquals("system"u8)) { Next(ref r); system = OptionalString(ref r, "request.system"); }
            else if (r.ValueTextEquals("messages"u8)) { Next(ref r); messages = ParseMessages(ref r); }
            else if (r.ValueTextEquals("tools"u8)) { Next(ref r); tools = OptionalInt(ref r, "request.tools"); }
            else if (r.ValueTextEquals("max_tokens"u8)) { Next(ref r); maxTokens = OptionalInt(ref r, "request.max_tokens"); }
            else if (r.ValueTextEquals("temperature"u8)) { Next(ref r); temperature = OptionalDouble(ref r, "request.temperature"); }
            else if (r.ValueTextEquals("stream"u8)) { Next(ref r); stream = OptionalBool(ref r, "request.stream"); }
            else if (r.ValueTextEquals("reasoning"u8)) { Next(ref r); reasoning = OptionalBool(ref r, "request.reasoning"); }
            else { Next(ref r); SkipValue(ref r); }
        }
        return new ExchangeRequest
        {
            System = system,
            Messages = messages ?? throw Missing("request.messages"),
            Tools = tools,
            MaxTokens = maxTokens,
            Temperature = temperature,
            Stream = stream,
            Reasoning = reasoning,
        };
    }

    private static List<ChatMessage> ParseMessages(ref Utf8JsonReader r)
    {
        if (r.TokenType != JsonTokenType.StartArray) throw WrongType("request.messages", "array", r.TokenType);
        var messages = new List<ChatMessage>(2);
        while (true)
        {
            Next(ref r);
            if (r.TokenType == JsonTokenType.EndArray) return messages;
            ExpectStartObject(ref r, "request.messages[]");
            string? role = null, content = null;
            while (true)
            {
                Next(ref r);
                if (r.TokenType == JsonTokenType.EndObject) break;
                if (r.ValueTextEquals("role"u8)) { Next(ref r); role = ReadRole(ref r); }
                else if (r.ValueTextEquals("content"u8)) { Next(ref r); content = OptionalString(ref r, "request.messages[].content") ?? string.Empty; }
                else { Next(ref r); SkipValue(ref r); }
            }
            messages.Add(new ChatMessage(
                role ?? throw Missing("request.messages[].role"),
                content ?? throw Missing("request.messages[].content")));
        }
    }

    // Roles repeat on every message: return the shared constants instead of new strings.
    private static string ReadRole(ref Utf8JsonReader r)
    {
        if (r.TokenType != JsonTokenType.String) throw WrongType("request.messages[].role", "string", r.TokenType);
        if (r.ValueTextEquals("user"u8)) return ChatRoles.User;
        if (r.ValueTextEquals("assistant"u8)) return ChatRoles.Assistant;
        if (r.ValueTextEquals("tool"u8)) return ChatRoles.Tool;
        return r.GetString()!;
    }

    private static ExchangeResponse ParseResponse(ref Utf8JsonReader r)
    {
        ExpectStartObject(ref r, "response");
        int? status = null, input = null, output = null, reasoningTokens = null, latency = null;
        string? text = null, finish = null;
        while (true)
        {
            Next(ref r);
            if (r.TokenType == JsonTokenType.EndObject) break;
            if (r.ValueTextEquals("status"u8)) { Next(ref r); status = RequiredInt(ref r, "response.status"); }
            else if (r.ValueTextEquals("text"u8)) { Next(ref r); text = OptionalString(ref r, "response.text"); }
            else if (r.ValueTextEquals("input_tokens"u8)) { Next(ref r); input = OptionalInt(ref r, "response.input_tokens"); }
            else if (r.ValueTextEquals("output_tokens"u8)) { Next(ref r); output = OptionalInt(ref r, "response.output_tokens"); }
            else if (r.ValueTextEquals("reasoning_tokens"u8)) { Next(ref r); reasoningTokens = OptionalInt(ref r, "response.reasoning_tokens"); }
            else if (r.ValueTextEquals("finish_reason"u8)) { Next(ref r); finish = OptionalString(ref r, "response.finish_reason"); }
            else if (r.ValueTextEquals("latency_ms"u8)) { Next(ref r); latency = OptionalInt(ref r, "response.latency_ms"); }
            else { Next(ref r); SkipValue(ref r); }
        }
        return new ExchangeResponse
        {
            Status = status ?? throw Missing("response.status"),
            Text = text,
            InputTokens = input,
            OutputTokens = output,
            ReasoningTokens = reasoningTokens,
            FinishReason = finish,
            LatencyMs = latency,
        };
    }

    internal static void EnsureEnd(ref Utf8JsonReader r)
    {
        // Anything after the closing brace (a second object, stray text) makes the line malformed.
        if (r.Read()) throw new RecordFormatException(ReadProblems.MalformedJson, "unexpected content after the JSON object");
    }

    public void Write(Utf8JsonWriter w, Exchange e)
    {
        w.WriteStartObject();
        w.WriteString("id"u8, e.Id);
        WriteTimestamp(w, "ts"u8, e.Ts);
        w.WriteString("account_id"u8, e.AccountId);
        WriteOptional(w, "org_id"u8, e.OrgId);
        WriteOptional(w, "api_key_id"u8, e.ApiKeyId);
        WriteOptional(w, "ip"u8, e.Ip);
        WriteOptional(w, "user_agent"u8, e.UserAgent);
        WriteOptional(w, "tls_fingerprint"u8, e.TlsFingerprint);
        w.WriteString("endpoint"u8, e.Endpoint);
        w.WriteString("model"u8, e.Model);

        var q = e.Request;
        w.WriteStartObject("request"u8);
        WriteOptional(w, "system"u8, q.System);
        w.WriteStartArray("messages"u8);
        foreach (var m in q.Messages)
        {
            w.WriteStartObject();
            w.WriteString("role"u8, m.Role);
            w.WriteString("content"u8, m.Content);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (q.Tools is { } tools) w.WriteNumber("tools"u8, tools);
        if (q.MaxTokens is { } maxTokens) w.WriteNumber("max_tokens"u8, maxTokens);
        if (q.Temperature is { } temperature) w.WriteNumber("temperature"u8, temperature);
        if (q.Stream is { } stream) w.WriteBoolean("stream"u8, stream);
        if (q.Reasoning is { } reasoning) w.WriteBoolean("reasoning"u8, reasoning);
        w.WriteEndObject();

        var p = e.Response;
        w.WriteStartObject("response"u8);
        w.WriteNumber("status"u8, p.Status);
        WriteOptional(w, "text"u8, p.Text);
        if (p.InputTokens is { } input) w.WriteNumber("input_tokens"u8, input);
        if (p.OutputTokens is { } output) w.WriteNumber("output_tokens"u8, output);
        if (p.ReasoningTokens is { } rt) w.WriteNumber("reasoning_tokens"u8, rt);
        WriteOptional(w, "finish_reason"u8, p.FinishReason);
        if (p.LatencyMs is { } latency) w.WriteNumber("latency_ms"u8, latency);
        w.WriteEndObject();

        w.WriteEndObject();
    }

    internal static void WriteOptional(Utf8JsonWriter w, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null) w.WriteString(name, value);
    }

    internal static void WriteTimestamp(Utf8JsonWriter w, ReadOnlySpan<byte> name, DateTime utc)
    {
        Span<byte> buffer = stackalloc byte[Rfc3339.FormattedLength];
        Rfc3339.Format(utc, buffer);
        w.WriteString(name, buffer);
    }
}
