using System.Text.Json;
using System.Text.Unicode;
using Moat.Contract.Json;

namespace Moat.Detection.Features;

/// <summary>
/// Reads <see cref="ExchangeFeatures"/> straight from an <c>exchanges.jsonl</c> line, in one
/// Utf8JsonReader pass, without building the contract's <c>Exchange</c> record: no string for the
/// response text, the system prompt, earlier turns or the id, and interned strings for the fields
/// that repeat (account, model, IP, client, organisation). At incident scale the full record cost
/// most of the scan's CPU and nearly all of its garbage (docs/performance.md).
/// </summary>
/// <remarks>
/// It accepts exactly the lines <see cref="ExchangeCodec"/> accepts: every field the codec checks is
/// checked here the same way (types, required fields, timestamps, integers, UTF-8 and escapes of
/// every string the codec decodes; the last of duplicate fields wins). Whenever it answers false the
/// caller falls back to the contract parser, which either reads the line after all or names the
/// problem, so a line this reader cannot vouch for is never dropped and never misreported.
/// One instance per worker thread.
/// </remarks>
public sealed class ExchangeFeatureReader
{
    private readonly ulong[] _tokens = new ulong[PromptTokens.MaxTokens];
    private char[] _pending = new char[4096];
    private char[] _prompt = new char[4096];
    private readonly Utf8Interner _accounts = new(18);
    private readonly Utf8Interner _models = new(8);
    private readonly Utf8Interner _ips = new(16);
    private readonly Utf8Interner _clients = new(12);
    private readonly Utf8Interner _orgs = new(10);

    // The request's and response's parts, reset when their object starts (a duplicate key replaces it).
    private struct RequestPart
    {
        public bool Seen, HasMessages, Conversational, Reasoning;
        public int Tools, PromptLength;
        public ReadOnlyMemory<byte> PromptJson;
    }

    private struct ResponsePart
    {
        public bool Seen, HasStatus;
        public int Status, InputTokens, OutputTokens, ReasoningTokens;
    }

    /// <summary>
    /// The features of <paramref name="line"/>, or false when the line is not a well-formed exchange
    /// (or uses something this reader does not vouch for): then parse it with the contract reader.
    /// <see cref="ExchangeFeatures.PromptJson"/> points into <paramref name="line"/>.
    /// </summary>
    public bool TryRead(ReadOnlyMemory<byte> line, out ExchangeFeatures features)
    {
        features = default;
        try
        {
            return Read(line, ref features);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            return false;
        }
    }

    private bool Read(ReadOnlyMemory<byte> memory, ref ExchangeFeatures f)
    {
        var r = new Utf8JsonReader(memory.Span, new JsonReaderOptions { MaxDepth = 64 });
        if (!r.Read() || r.TokenType != JsonTokenType.StartObject) return false;
        bool hasId = false, hasTs = false, hasEndpoint = false;
        string? account = null, model = null, ip = null, userAgent = null, tls = null, org = null;
        long ticks = 0;
        var request = default(RequestPart);
        var response = default(ResponsePart);

        while (true)
        {
            if (!r.Read()) return false;
            if (r.TokenType == JsonTokenType.EndObject) break;
            if (r.ValueTextEquals("id"u8)) { r.Read(); if (!ValidString(ref r)) return false; hasId = true; }
            else if (r.ValueTextEquals("ts"u8)) { r.Read(); if (!Timestamp(ref r, out ticks)) return false; hasTs = true; }
            else if (r.ValueTextEquals("account_id"u8)) { r.Read(); if (r.TokenType != JsonTokenType.String || !Intern(ref r, _accounts, out account)) return false; }
            else if (r.ValueTextEquals("org_id"u8)) { r.Read(); if (!OptionalInterned(ref r, _orgs, out org)) return false; }
            else if (r.ValueTextEquals("api_key_id"u8)) { r.Read(); if (r.TokenType != JsonTokenType.Null && !ValidString(ref r)) return false; }
            else if (r.ValueTextEquals("ip"u8)) { r.Read(); if (!OptionalInterned(ref r, _ips, out ip)) return false; }
            else if (r.ValueTextEquals("user_agent"u8)) { r.Read(); if (!OptionalInterned(ref r, _clients, out userAgent)) return false; }
            else if (r.ValueTextEquals("tls_fingerprint"u8)) { r.Read(); if (!OptionalInterned(ref r, _clients, out tls)) return false; }
            else if (r.ValueTextEquals("endpoint"u8)) { r.Read(); if (!ValidString(ref r)) return false; hasEndpoint = true; }
            else if (r.ValueTextEquals("model"u8)) { r.Read(); if (r.TokenType != JsonTokenType.String || !Intern(ref r, _models, out model)) return false; }
            else if (r.ValueTextEquals("request"u8)) { r.Read(); if (!ReadRequest(ref r, memory, out request)) return false; }
            else if (r.ValueTextEquals("response"u8)) { r.Read(); if (!ReadResponse(ref r, out response)) return false; }
            else SkipValue(ref r);
        }
        if (r.Read()) return false; // content after the object
        if (!hasId || !hasTs || account is null || !hasEndpoint || model is null || !request.Seen || !request.HasMessages || !response.Seen || !response.HasStatus)
            return false;

        f.AccountId = account;
        f.Ticks = ticks;
        f.Model = model;
        f.Ip = ip;
        f.UserAgent = userAgent;
        f.TlsFingerprint = tls;
        f.OrgId = org;
        f.PromptJson = request.PromptJson;
        f.InputTokens = response.InputTokens;
        f.OutputTokens = response.OutputTokens;
        bool reasoning = request.Reasoning || response.ReasoningTokens > 0;
        ExchangeFeaturiser.Complete(ref f, _prompt.AsSpan(0, request.PromptLength), _tokens, request.Conversational, request.Tools, reasoning, response.Status);
        return true;
    }

    private bool ReadRequest(ref Utf8JsonReader r, ReadOnlyMemory<byte> memory, out RequestPart q)
    {
        q = default;
        if (r.TokenType != JsonTokenType.StartObject) return false;
        q.Seen = true;
        while (true)
        {
            if (!r.Read()) return false;
            if (r.TokenType == JsonTokenType.EndObject) return true;
            if (r.ValueTextEquals("system"u8)) { r.Read(); if (r.TokenType != JsonTokenType.Null && !ValidString(ref r)) return false; }
            else if (r.ValueTextEquals("messages"u8)) { r.Read(); if (!ReadMessages(ref r, memory, ref q)) return false; }
            else if (r.ValueTextEquals("tools"u8)) { r.Read(); if (!OptionalInt(ref r, out q.Tools)) return false; }
            else if (r.ValueTextEquals("max_tokens"u8)) { r.Read(); if (!OptionalInt(ref r, out _)) return false; }
            else if (r.ValueTextEquals("temperature"u8))
            {
                r.Read();
                if (r.TokenType != JsonTokenType.Null && (r.TokenType != JsonTokenType.Number || !r.TryGetDouble(out _))) return false;
            }
            else if (r.ValueTextEquals("stream"u8)) { r.Read(); if (!OptionalBool(ref r, out _)) return false; }
            else if (r.ValueTextEquals("reasoning"u8)) { r.Read(); if (!OptionalBool(ref r, out q.Reasoning)) return false; }
            else SkipValue(ref r);
        }
    }

    private enum Role : byte { None, User, Assistant, Other }

    /// <summary>
    /// The prompt is the last non-empty user message after the last assistant turn, exactly as
    /// <see cref="ExchangeFeaturiser"/> finds it walking backwards; any assistant turn makes the
    /// exchange conversational.
    /// </summary>
    private bool ReadMessages(ref Utf8JsonReader r, ReadOnlyMemory<byte> memory, ref RequestPart q)
    {
        if (r.TokenType != JsonTokenType.StartArray) return false;
        q.HasMessages = true;
        q.Conversational = false;
        q.PromptLength = 0;
        q.PromptJson = default;
        while (true)
        {
            if (!r.Read()) return false;
            if (r.TokenType == JsonTokenType.EndArray) return true;
            if (r.TokenType != JsonTokenType.StartObject) return false;
            var role = Role.None;
            bool hasContent = false;
            int contentLength = 0;
            ReadOnlyMemory<byte> contentJson = default;
            while (true)
            {
                if (!r.Read()) return false;
                if (r.TokenType == JsonTokenType.EndObject) break;
                if (r.ValueTextEquals("role"u8))
                {
                    r.Read();
                    if (r.TokenType != JsonTokenType.String) return false;
                    if (r.ValueTextEquals("user"u8)) role = Role.User;
                    else if (r.ValueTextEquals("assistant"u8)) role = Role.Assistant;
                    else if (ValidString(ref r)) role = Role.Other;
                    else return false;
                }
                else if (r.ValueTextEquals("content"u8))
                {
                    r.Read();
                    hasContent = true;
                    contentLength = 0;
                    contentJson = default;
                    if (r.TokenType == JsonTokenType.Null) continue;
                    if (r.TokenType != JsonTokenType.String) return false;
                    // Earlier turns are not the prompt: check them, do not decode them.
                    if (role is Role.Assistant or Role.Other) { if (!ValidString(ref r)) return false; continue; }
                    int raw = r.ValueSpan.Length;
                    if (raw == 0) continue;
                    if (_pending.Length < raw) _pending = new char[Math.Max(raw, _pending.Length * 2)];
                    contentLength = r.CopyString(_pending); // validates UTF-8 and escapes as GetString does
                    contentJson = memory.Slice((int)r.TokenStartIndex, raw + 2);
                }
                else SkipValue(ref r);
            }
            if (role == Role.None || !hasContent) return false;
            if (role == Role.Assistant)
            {
                q.Conversational = true;
                q.PromptLength = 0;
                q.PromptJson = default;
            }
            else if (role == Role.User && contentLength > 0)
            {
                (_prompt, _pending) = (_pending, _prompt);
                q.PromptLength = contentLength;
                q.PromptJson = contentJson;
            }
        }
    }

    private static bool ReadResponse(ref Utf8JsonReader r, out ResponsePart p)
    {
        p = default;
        if (r.TokenType != JsonTokenType.StartObject) return false;
        p.Seen = true;
        while (true)
        {
            if (!r.Read()) return false;
            if (r.TokenType == JsonTokenType.EndObject) return true;
            if (r.ValueTextEquals("status"u8)) { r.Read(); if (r.TokenType != JsonTokenType.Number || !Int(ref r, out p.Status)) return false; p.HasStatus = true; }
            else if (r.ValueTextEquals("text"u8)) { r.Read(); if (r.TokenType != JsonTokenType.Null && !ValidString(ref r)) return false; }
            else if (r.ValueTextEquals("input_tokens"u8)) { r.Read(); if (!OptionalInt(ref r, out p.InputTokens)) return false; }
            else if (r.ValueTextEquals("output_tokens"u8)) { r.Read(); if (!OptionalInt(ref r, out p.OutputTokens)) return false; }
            else if (r.ValueTextEquals("reasoning_tokens"u8)) { r.Read(); if (!OptionalInt(ref r, out p.ReasoningTokens)) return false; }
            else if (r.ValueTextEquals("finish_reason"u8)) { r.Read(); if (r.TokenType != JsonTokenType.Null && !ValidString(ref r)) return false; }
            else if (r.ValueTextEquals("latency_ms"u8)) { r.Read(); if (!OptionalInt(ref r, out _)) return false; }
            else SkipValue(ref r);
        }
    }

    /// <summary>
    /// A string the codec would decode, checked without decoding it: Utf8.IsValid on the raw bytes, the
    /// reader's own escape syntax check, and <see cref="SurrogateEscapesPair"/> cover everything
    /// GetString rejects. Response texts and earlier turns are long, so not decoding them matters.
    /// </summary>
    private static bool ValidString(ref Utf8JsonReader r)
    {
        if (r.TokenType != JsonTokenType.String) return false;
        var raw = r.ValueSpan;
        return Utf8.IsValid(raw) && (!r.ValueIsEscaped || SurrogateEscapesPair(raw));
    }

    /// <summary>
    /// Every \uD800–\uDBFF escape is followed by a \uDC00–\uDFFF escape and no low one stands alone
    /// (RFC 8259 §7: characters outside the BMP are escaped as a UTF-16 surrogate pair). Writers such as
    /// System.Text.Json escape every emoji this way, so this is a common case, not an odd one.
    /// </summary>
    internal static bool SurrogateEscapesPair(ReadOnlySpan<byte> raw)
    {
        int i = 0;
        while (true)
        {
            int slash = raw[i..].IndexOf((byte)'\\');
            if (slash < 0) return true;
            i += slash;
            if (i + 1 >= raw.Length) return false;
            if (raw[i + 1] != (byte)'u') { i += 2; continue; }
            if (!Hex4(raw, i + 2, out int unit)) return false;
            if (unit is >= 0xDC00 and <= 0xDFFF) return false;
            if (unit is >= 0xD800 and <= 0xDBFF)
            {
                if (i + 7 >= raw.Length || raw[i + 6] != (byte)'\\' || raw[i + 7] != (byte)'u') return false;
                if (!Hex4(raw, i + 8, out int low) || low is < 0xDC00 or > 0xDFFF) return false;
                i += 12;
            }
            else i += 6;
        }
    }

    private static bool Hex4(ReadOnlySpan<byte> s, int at, out int value)
    {
        value = 0;
        if (at + 4 > s.Length) return false;
        for (int k = 0; k < 4; k++)
        {
            int d = HexDigit(s[at + k]);
            if (d < 0) return false;
            value = value << 4 | d;
        }
        return true;
    }

    private static int HexDigit(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    /// <summary>Steps over the value of a field the codec ignores (as it does: unknown fields are never checked).</summary>
    private static void SkipValue(ref Utf8JsonReader r)
    {
        r.Read();
        if (r.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) r.Skip();
    }

    private static bool Intern(ref Utf8JsonReader r, Utf8Interner interner, out string? value)
    {
        if (r.ValueIsEscaped)
        {
            value = r.GetString();
            return true;
        }
        bool ok = interner.TryGet(r.ValueSpan, out string s);
        value = s;
        return ok;
    }

    private static bool OptionalInterned(ref Utf8JsonReader r, Utf8Interner interner, out string? value)
    {
        value = null;
        if (r.TokenType == JsonTokenType.Null) return true;
        if (r.TokenType != JsonTokenType.String) return false;
        return Intern(ref r, interner, out value);
    }

    private static bool Timestamp(ref Utf8JsonReader r, out long ticks)
    {
        ticks = 0;
        if (r.TokenType != JsonTokenType.String) return false;
        bool ok = r.ValueIsEscaped ? Rfc3339.TryParse(r.GetString()!, out var ts) : Rfc3339.TryParse(r.ValueSpan, out ts);
        ticks = ts.Ticks;
        return ok;
    }

    /// <summary>The codec's integer rule: a 32-bit integer, or a whole number written with a fraction (12.0).</summary>
    private static bool Int(ref Utf8JsonReader r, out int value)
    {
        if (r.TryGetInt32(out value)) return true;
        if (r.TryGetDouble(out double d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue)
        {
            value = (int)d;
            return true;
        }
        return false;
    }

    private static bool OptionalInt(ref Utf8JsonReader r, out int value)
    {
        value = 0;
        if (r.TokenType == JsonTokenType.Null) return true;
        return r.TokenType == JsonTokenType.Number && Int(ref r, out value);
    }

    private static bool OptionalBool(ref Utf8JsonReader r, out bool value)
    {
        value = r.TokenType == JsonTokenType.True;
        return r.TokenType is JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null;
    }
}
