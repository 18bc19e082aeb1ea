using System.Security.Cryptography;
using System.Text.Json;
using Moat.Contract.Io;
using Moat.Contract.Json;
using Moat.Contract.Records;
using static Moat.Ingest.Mapping.Elements;

namespace Moat.Ingest;

/// <summary>
/// Reads one line of a provider gateway log —
/// <c>{ "ts", "account_id", "ip", "user_agent", "request": {…}, "response": {…} | [events] | "SSE text" }</c>
/// — as a contract <see cref="Exchange"/>. Plugs into <see cref="RecordReader"/>, so a gateway log gets
/// the same streaming, gzip detection and per-line diagnostics as a contract file.
/// Optional line fields: <c>id</c>, <c>org_id</c>, <c>api_key_id</c>, <c>tls_fingerprint</c>,
/// <c>endpoint</c>, <c>status</c>, <c>latency_ms</c>, <c>provider</c>.
/// </summary>
public sealed class GatewayLogCodec(LogProvider provider = LogProvider.Auto) : IRecordCodec<Exchange>
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    private long _openAi;
    private long _anthropic;

    public LogProvider Provider { get; } = provider;

    /// <summary>Lines converted as OpenAI Chat Completions exchanges.</summary>
    public long OpenAiLines => Interlocked.Read(ref _openAi);

    /// <summary>Lines converted as Anthropic Messages exchanges.</summary>
    public long AnthropicLines => Interlocked.Read(ref _anthropic);

    public Exchange Parse(ReadOnlySpan<byte> utf8Line)
    {
        // Logs exported by Windows tools may start with a byte order mark, which JSON readers reject.
        if (utf8Line.StartsWith("\uFEFF"u8)) utf8Line = utf8Line[3..];
        var reader = new Utf8JsonReader(utf8Line, ReaderOptions);
        using var document = JsonDocument.ParseValue(ref reader);
        // Anything after the closing brace (a second object, stray text) makes the line malformed.
        if (reader.Read()) throw new RecordFormatException(ReadProblems.MalformedJson, "unexpected content after the JSON object");
        var line = document.RootElement;
        if (line.ValueKind != JsonValueKind.Object) throw new RecordFormatException(ReadProblems.NotAnObject, "line is not a JSON object");

        if (!TryGet(line, "request", out var request)) throw Missing("request");
        using var requestText = BodyFromText(ref request, "request");
        TryGet(line, "response", out var response);
        // A response string is SSE text unless it holds a whole body as JSON text.
        using var responseText = response.ValueKind == JsonValueKind.String && Streaming.LoggedStream.IsJsonBody(response)
            ? BodyFromText(ref response, "response")
            : null;

        var id = OptionalString(line, "id", "id");
        var context = new ExchangeContext
        {
            Id = id,
            // Hashing only when the line has no id of its own; the response id, when present, still wins.
            FallbackId = id is null ? StableId(utf8Line) : null,
            Ts = Timestamp(line),
            AccountId = OptionalString(line, "account_id", "account_id") ?? throw Missing("account_id"),
            OrgId = OptionalString(line, "org_id", "org_id"),
            ApiKeyId = OptionalString(line, "api_key_id", "api_key_id"),
            Ip = OptionalString(line, "ip", "ip"),
            UserAgent = OptionalString(line, "user_agent", "user_agent"),
            TlsFingerprint = OptionalString(line, "tls_fingerprint", "tls_fingerprint"),
            Endpoint = OptionalString(line, "endpoint", "endpoint"),
            Status = FlexibleInt(line, "status", "status"),
            LatencyMs = FlexibleInt(line, "latency_ms", "latency_ms"),
        };
        if (response.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null && context.Status is null)
            throw new RecordFormatException(ReadProblems.MissingField, "required field 'response' is missing (or give 'status')");

        var chosen = Provider != LogProvider.Auto ? Provider : LoggedProvider(line) ?? ProviderDetector.Detect(request, response, context.Endpoint);
        var exchange = ExchangeMapping.From(chosen, request, response, context);
        if (chosen == LogProvider.Anthropic) Interlocked.Increment(ref _anthropic);
        else Interlocked.Increment(ref _openAi);
        return exchange;
    }

    /// <summary>A <c>provider</c> field some gateways write (<c>"openai"</c>, <c>"anthropic"</c>); anything else is left to detection.</summary>
    private static LogProvider? LoggedProvider(JsonElement line) =>
        LogProviders.TryParse(LenientString(line, "provider"), out var p) && p != LogProvider.Auto ? p : null;

    /// <summary>A body logged as JSON text rather than as an object is parsed; the returned document owns it.</summary>
    private static JsonDocument? BodyFromText(ref JsonElement body, string field)
    {
        if (body.ValueKind != JsonValueKind.String) return null;
        try
        {
            var document = JsonDocument.Parse(body.GetString()!);
            body = document.RootElement;
            return document;
        }
        catch (JsonException e)
        {
            throw Invalid(field, $"a string that is not JSON ({e.Message})");
        }
    }

    /// <summary><c>ts</c> as RFC 3339 (with a 'T' or a space), or as Unix time in seconds or milliseconds (numbers above 10^11).</summary>
    private static DateTime Timestamp(JsonElement line)
    {
        if (!TryGet(line, "ts", out var ts)) throw Missing("ts");
        if (ts.ValueKind == JsonValueKind.String)
        {
            var text = ts.GetString()!;
            // RFC 3339 allows a space for the 'T' (Python's str(datetime) writes one); the contract parser wants 'T'.
            if (text.Length > 10 && text[10] == ' ') text = string.Concat(text.AsSpan(0, 10), "T", text.AsSpan(11));
            if (Rfc3339.TryParse(text, out var utc)) return utc;
            throw Invalid("ts", "not an RFC 3339 timestamp");
        }
        if (ts.ValueKind == JsonValueKind.Number && ts.TryGetDouble(out double unix) && unix >= 0)
        {
            double ms = unix >= 1e11 ? unix : unix * 1000;
            if (ms < 253402300800000) return DateTime.UnixEpoch.AddMilliseconds(Math.Round(ms));
            throw Invalid("ts", "Unix time out of range");
        }
        throw WrongType("ts", "RFC 3339 string or Unix time", ts.ValueKind);
    }

    /// <summary>A stable id from the line's bytes, for logs that carry neither an id nor a response id.</summary>
    public static string StableId(ReadOnlySpan<byte> utf8Line)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(utf8Line, hash);
        return "cv_" + Convert.ToHexStringLower(hash[..10]);
    }

    public void Write(Utf8JsonWriter writer, Exchange record) =>
        throw new NotSupportedException("gateway logs are only read; write exchanges with ExchangeCodec");
}
