using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Moat.Contract.Records;
using Moat.Ingest;

namespace Moat.Ingest.Tests;

/// <summary>How a gateway logged a streamed response.</summary>
public enum StreamForm
{
    /// <summary>The raw SSE text as one JSON string.</summary>
    SseText,
    /// <summary>An array of the event objects (the <c>data:</c> payloads).</summary>
    EventArray,
}

/// <summary>Builds gateway log lines from the documented provider bodies in Fixtures/.</summary>
internal static class Fixture
{
    public const string Ts = "2026-04-22T03:14:07.123Z";
    public static readonly DateTime TsUtc = new(2026, 4, 22, 3, 14, 7, 123, DateTimeKind.Utc);

    public static string Text(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    public static byte[] Bytes(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    /// <summary>The <c>data:</c> payloads of an SSE fixture, <c>[DONE]</c> left out.</summary>
    public static JsonArray Events(string sseName)
    {
        var events = new JsonArray();
        foreach (var line in Text(sseName).Split('\n'))
        {
            if (!line.StartsWith("data:", StringComparison.Ordinal)) continue;
            var data = line[5..].Trim();
            if (data == "[DONE]") continue;
            events.Add(JsonNode.Parse(data));
        }
        return events;
    }

    /// <summary>One gateway log line: the documented request and response bodies plus who/when.</summary>
    public static string Line(string requestName, string? responseName, StreamForm form = StreamForm.SseText,
        Action<JsonObject>? edit = null)
    {
        var line = new JsonObject
        {
            ["ts"] = Ts,
            ["account_id"] = "acct_81f2",
            ["ip"] = "203.0.113.7",
            ["user_agent"] = "python-httpx/0.27.0",
            ["request"] = JsonNode.Parse(Text(requestName)),
        };
        if (responseName is not null)
        {
            line["response"] = responseName.EndsWith(".sse", StringComparison.Ordinal)
                ? form == StreamForm.SseText ? JsonValue.Create(Text(responseName)) : Events(responseName)
                : JsonNode.Parse(Text(responseName));
        }
        edit?.Invoke(line);
        return line.ToJsonString();
    }

    public static Exchange Convert(string line, LogProvider provider = LogProvider.Auto) =>
        new GatewayLogCodec(provider).Parse(Encoding.UTF8.GetBytes(line));

    public static Exchange Convert(string requestName, string? responseName, StreamForm form = StreamForm.SseText,
        Action<JsonObject>? edit = null) =>
        Convert(Line(requestName, responseName, form, edit));

    public static JsonElement Json(string name) => JsonDocument.Parse(Text(name)).RootElement;
}
