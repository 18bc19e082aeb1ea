using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Moat.Contract.Io;
using Moat.Contract.Json;
using Moat.Contract.Records;

namespace Moat.Ingest.Tests;

/// <summary>Whole gateway log files: line fields, ids, bad lines and the contract round trip.</summary>
public sealed class GatewayLogCodecTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("moat-convert-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, IEnumerable<string> lines, bool gzip = false)
    {
        var path = Path.Combine(_dir, name);
        using var file = File.Create(path);
        using Stream stream = gzip ? new GZipStream(file, CompressionLevel.Fastest) : file;
        var bytes = Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");
        stream.Write(bytes);
        return path;
    }

    public static TheoryData<string, string> Pairs => new()
    {
        { "openai/chat.request.json", "openai/chat.response.json" },
        { "openai/stream.request.json", "openai/stream.response.sse" },
        { "openai/tools.request.json", "openai/tools.response.json" },
        { "openai/tools.request.json", "openai/tools-stream.response.sse" },
        { "openai/vision.request.json", "openai/vision.response.json" },
        { "openai/reasoning.request.json", "openai/reasoning.response.json" },
        { "openai/chat.request.json", "openai/rate-limit.response.json" },
        { "anthropic/message.request.json", "anthropic/message.response.json" },
        { "anthropic/stream.request.json", "anthropic/stream.response.sse" },
        { "anthropic/thinking-stream.request.json", "anthropic/thinking-stream.response.sse" },
        { "anthropic/thinking.request.json", "anthropic/thinking.response.json" },
        { "anthropic/tools.request.json", "anthropic/tools.response.json" },
        { "anthropic/tools.request.json", "anthropic/tools-stream.response.sse" },
        { "anthropic/tool-result.request.json", "anthropic/tool-result.response.json" },
        { "anthropic/cached-system.request.json", "anthropic/cached-system.response.json" },
        { "anthropic/message.request.json", "anthropic/overloaded.response.json" },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Every_fixture_converts_to_a_valid_contract_line(string request, string response)
    {
        var exchange = Fixture.Convert(request, response);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new System.Text.Json.Utf8JsonWriter(buffer)) ExchangeCodec.Instance.Write(w, exchange);

        var back = ExchangeCodec.Instance.Parse(buffer.WrittenSpan);

        Assert.Equal(exchange, back);
        Assert.Equal(request.StartsWith("anthropic", StringComparison.Ordinal) ? "/v1/messages" : "/v1/chat/completions", back.Endpoint);
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Auto_detection_matches_the_forced_provider(string request, string response)
    {
        var line = Fixture.Line(request, response, StreamForm.EventArray);
        var forced = request.StartsWith("anthropic", StringComparison.Ordinal) ? LogProvider.Anthropic : LogProvider.OpenAi;

        Assert.Equal(Fixture.Convert(line, forced), Fixture.Convert(line, LogProvider.Auto));
    }

    [Fact]
    public void Bad_lines_are_reported_with_their_line_numbers_and_good_ones_kept()
    {
        var good = Fixture.Line("openai/chat.request.json", "openai/chat.response.json");
        var lines = new[]
        {
            good,                                                                                   // 1
            "{not json",                                                                            // 2
            Fixture.Line("openai/chat.request.json", "openai/chat.response.json", edit: l => l.Remove("account_id")), // 3
            "",                                                                                     // 4 blank, skipped
            Fixture.Line("openai/chat.request.json", "openai/chat.response.json", edit: l => l["ts"] = "yesterday"), // 5
            Fixture.Line("openai/chat.request.json", "openai/chat.response.json", edit: l => l.Remove("request")),    // 6
            Fixture.Line("openai/chat.request.json", "openai/chat.response.json",
                edit: l => l["request"]!["messages"]![1]!["role"] = "robot"),                       // 7
            Fixture.Line("anthropic/message.request.json", null),                                   // 8 no response, no status
            Fixture.Line("openai/stream.request.json", null, edit: l => l["response"] = new JsonArray("data: {broken", "data: {also")), // 9
            "[1,2]",                                                                                // 10
            Fixture.Line("anthropic/message.request.json", "anthropic/message.response.json"),      // 11
        };
        var path = Write("gateway.jsonl", lines);
        var report = new ReadReport();
        var codec = new GatewayLogCodec();

        var exchanges = RecordReader.Read(path, codec, report).ToList();

        Assert.Equal(2, exchanges.Count);
        Assert.Equal(2, report.Records);
        Assert.Equal(8, report.BadLines);
        var byLine = report.FirstDiagnostics.ToDictionary(d => d.Line, d => d.Problem);
        Assert.Equal(ReadProblems.MalformedJson, byLine[2]);
        Assert.Equal(ReadProblems.MissingField, byLine[3]);
        Assert.Equal(ReadProblems.InvalidValue, byLine[5]);
        Assert.Equal(ReadProblems.MissingField, byLine[6]);
        Assert.Equal(ReadProblems.InvalidValue, byLine[7]);
        Assert.Equal(ReadProblems.MissingField, byLine[8]);
        Assert.Equal(ReadProblems.InvalidValue, byLine[9]);
        Assert.Equal(ReadProblems.NotAnObject, byLine[10]);
        Assert.All(report.FirstDiagnostics, d => Assert.Equal(path, d.File));
        Assert.Contains("account_id", report.FirstDiagnostics.Single(d => d.Line == 3).Detail);
        Assert.Equal(1, codec.OpenAiLines);
        Assert.Equal(1, codec.AnthropicLines);
    }

    [Fact]
    public void A_file_with_nothing_convertible_is_an_input_error()
    {
        var path = Write("bad.jsonl", ["{\"ts\":1}", "nope"]);
        var report = new ReadReport();

        Assert.Throws<NoReadableRecordsException>(() => RecordReader.Read(path, new GatewayLogCodec(), report).ToList());
        Assert.Equal(2, report.BadLines);
    }

    [Fact]
    public void Gzip_input_is_detected_by_its_bytes()
    {
        var path = Write("gateway.log", [Fixture.Line("anthropic/stream.request.json", "anthropic/stream.response.sse")], gzip: true);

        var exchanges = RecordReader.Read(path, new GatewayLogCodec(), new ReadReport()).ToList();

        Assert.Equal("Hello!", Assert.Single(exchanges).Response.Text);
    }

    [Fact]
    public void Line_id_wins_over_the_response_id()
    {
        var e = Fixture.Convert("openai/chat.request.json", "openai/chat.response.json", edit: l => l["id"] = "ex_000001");

        Assert.Equal("ex_000001", e.Id);
    }

    [Fact]
    public void Hash_ids_are_stable_and_differ_between_lines()
    {
        var a = Fixture.Line("openai/chat.request.json", "openai/rate-limit.response.json");
        var b = Fixture.Line("openai/chat.request.json", "openai/rate-limit.response.json", edit: l => l["account_id"] = "acct_other");

        Assert.Equal(Fixture.Convert(a).Id, Fixture.Convert(a).Id);
        Assert.NotEqual(Fixture.Convert(a).Id, Fixture.Convert(b).Id);
    }

    [Theory]
    [InlineData(1776827647.123, "2026-04-22T03:14:07.123Z")]
    [InlineData(1776827647123L, "2026-04-22T03:14:07.123Z")]
    [InlineData(1776827647, "2026-04-22T03:14:07.000Z")]
    public void Unix_timestamps_in_seconds_or_milliseconds(double unix, string expected)
    {
        var e = Fixture.Convert("openai/chat.request.json", "openai/chat.response.json", edit: l => l["ts"] = unix);

        Assert.Equal(expected, Rfc3339.Format(e.Ts));
    }

    [Theory]
    [InlineData("2026-04-22T05:14:07.123+02:00")]
    [InlineData("2026-04-22 03:14:07.123+00:00")]
    [InlineData("2026-04-22 03:14:07.123Z")]
    public void Offset_and_space_separated_timestamps_become_utc(string ts)
    {
        var e = Fixture.Convert("openai/chat.request.json", "openai/chat.response.json", edit: l => l["ts"] = ts);

        Assert.Equal(Fixture.TsUtc, e.Ts);
    }

    [Fact]
    public void Timestamps_without_a_zone_are_refused_rather_than_guessed()
    {
        var ex = Assert.Throws<RecordFormatException>(() =>
            Fixture.Convert("openai/chat.request.json", "openai/chat.response.json", edit: l => l["ts"] = "2026-04-22T03:14:07.123"));

        Assert.Equal(ReadProblems.InvalidValue, ex.Problem);
    }

    [Fact]
    public void Bodies_logged_as_json_text_are_parsed()
    {
        var e = Fixture.Convert("openai/chat.request.json", null, edit: l =>
        {
            l["request"] = l["request"]!.ToJsonString();
            l["response"] = Fixture.Text("openai/chat.response.json");
        });

        Assert.Equal("Hello! How can I assist you today?", e.Response.Text);
        Assert.Equal("You are a helpful assistant.", e.Request.System);
        Assert.Null(e.Request.Stream);
    }

    [Fact]
    public void A_byte_order_mark_before_the_line_is_ignored()
    {
        var line = Encoding.UTF8.GetBytes(Fixture.Line("openai/chat.request.json", "openai/chat.response.json"));

        var e = new GatewayLogCodec().Parse([0xEF, 0xBB, 0xBF, .. line]);

        Assert.Equal("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", e.Id);
    }

    [Theory]
    [InlineData("""{"model":"gpt-4.1","input":"Tell me a story"}""", "Responses API")]
    [InlineData("""{"model":"gpt-3.5-turbo-instruct","prompt":"Say this is a test"}""", "legacy Completions")]
    public void Unsupported_openai_apis_are_named_in_the_diagnostic(string request, string named)
    {
        var ex = Assert.Throws<RecordFormatException>(() => Fixture.Convert("openai/chat.request.json", null, edit: l =>
        {
            l["request"] = JsonNode.Parse(request);
            l["status"] = 200;
        }));

        Assert.Equal(ReadProblems.InvalidValue, ex.Problem);
        Assert.Contains(named, ex.Message);
    }

    [Fact]
    public void Anthropic_body_logged_as_text_is_detected_from_it()
    {
        var e = Fixture.Convert("anthropic/message.request.json", null, edit: l =>
        {
            l["request"] = JsonNode.Parse("""{"model":"m","messages":[{"role":"user","content":"Hello, world"}]}""");
            l["response"] = Fixture.Text("anthropic/message.response.json");
        });

        Assert.Equal("/v1/messages", e.Endpoint);
        Assert.Equal("Hi! My name is Claude.", e.Response.Text);
    }

    [Fact]
    public void Logged_endpoint_is_kept()
    {
        var e = Fixture.Convert("openai/chat.request.json", "openai/chat.response.json",
            edit: l => l["endpoint"] = "/openai/deployments/gpt-4/chat/completions");

        Assert.Equal("/openai/deployments/gpt-4/chat/completions", e.Endpoint);
    }

    [Fact]
    public void Model_falls_back_to_the_response()
    {
        var e = Fixture.Convert("anthropic/message.request.json", "anthropic/message.response.json",
            edit: l => l["request"]!.AsObject().Remove("model"));

        Assert.Equal("claude-sonnet-4-5-20250929", e.Model);
    }
}

/// <summary>Status and latency as gateways spell them, and the documented status of each error name.</summary>
public sealed class StatusTests
{
    [Theory]
    [InlineData("429", 429)]
    [InlineData("\"429\"", 429)]
    [InlineData("429.0", 429)]
    public void Logged_status_in_any_spelling(string json, int expected)
    {
        var e = Fixture.Convert("openai/chat.request.json", "openai/chat.response.json",
            edit: l => l["status"] = System.Text.Json.Nodes.JsonNode.Parse(json));

        Assert.Equal(expected, e.Response.Status);
    }

    [Fact]
    public void Fractional_latency_is_rounded_and_garbage_is_a_bad_line()
    {
        var e = Fixture.Convert("openai/chat.request.json", "openai/chat.response.json", edit: l => l["latency_ms"] = 812.5);
        Assert.Equal(813, e.Response.LatencyMs);

        var ex = Assert.Throws<RecordFormatException>(() =>
            Fixture.Convert("openai/chat.request.json", "openai/chat.response.json", edit: l => l["latency_ms"] = "soon"));
        Assert.Equal(ReadProblems.WrongType, ex.Problem);
    }

    [Theory]
    [InlineData("invalid_request_error", null, null, 400)]
    [InlineData("invalid_request_error", "model_not_found", null, 404)]
    [InlineData("requests", "rate_limit_exceeded", null, 429)]
    [InlineData("insufficient_quota", null, null, 429)]
    [InlineData("authentication_error", null, null, 401)]
    [InlineData("permission_error", null, null, 403)]
    [InlineData("request_too_large", null, null, 413)]
    [InlineData("rate_limit_error", null, null, 429)]
    [InlineData("api_error", null, null, 500)]
    [InlineData("overloaded_error", null, null, 529)]
    [InlineData("something_new", null, null, 500)]
    [InlineData(null, null, 418, 418)]
    public void Error_names_map_to_their_documented_status(string? type, string? code, int? numeric, int expected)
    {
        Assert.Equal(expected, Moat.Ingest.Mapping.ErrorStatuses.From(type, code, numeric));
    }
}
