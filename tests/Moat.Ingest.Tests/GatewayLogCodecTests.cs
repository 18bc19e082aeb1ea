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

    [Fact]
    public void Offset_timestamps_become_utc()
    {
        var e = Fixture.Convert("openai/chat.request.json", "openai/chat.response.json", edit: l => l["ts"] = "2026-04-22T05:14:07.123+02:00");

        Assert.Equal(Fixture.TsUtc, e.Ts);
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
