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
/// <c>endpoint</c>, <c>status</c>, <c>latency_ms</c>.
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
        var reader = new Utf8JsonReader(utf8Line, ReaderOptions);
        using var document = JsonDocument.ParseValue(ref reader);
        // Anything after the closing brace (a second object, stray text) makes the line malformed.
        if (reader.Read()) throw new RecordFormatException(ReadProblems.MalformedJson, "unexpected content after the JSON object");
        var line = document.RootElement;
        if (line.ValueKind != JsonValueKind.Object) throw new RecordFormatException(ReadProblems.NotAnObject, "line is not a JSON object");

        if (!TryGet(line, "request", out var request)) throw Missing("request");
        using var requestText = BodyFromText(ref request, "request");
        TryGet(line, "response", out var response);
        using var responseText = response.ValueKind == JsonValueKind.String ? null : BodyFromText(ref response, "response");

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
            Status = OptionalInt(line, "status", "status"),
            LatencyMs = OptionalInt(line, "latency_ms", "latency_ms"),
        };
        if (response.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null && context.Status is null)
            throw new RecordFormatException(ReadProblems.MissingField, "required field 'response' is missing (or give 'status')");

        var chosen = Provider != LogProvider.Auto ? Provider : ProviderDetector.Detect(request, response, context.Endpoint);
        var exchange = ExchangeMapping.From(chosen, request, response, context);
        if (chosen == LogProvider.Anthropic) Interlocked.Increment(ref _anthropic);
        else Interlocked.Increment(ref _openAi);
        return exchange;
    }

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

    /// <summary><c>ts</c> as RFC 3339, or as Unix time in seconds or milliseconds (numbers above 10^11).</summary>
    private static DateTime Timestamp(JsonElement line)
    {
        if (!TryGet(line, "ts", out var ts)) throw Missing("ts");
        if (ts.ValueKind == JsonValueKind.String)
        {
            if (Rfc3339.TryParse(ts.GetString()!, out var utc)) return utc;
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
