using System.Text.Json.Nodes;

namespace Moat.Ingest.Tests;

/// <summary>The shapes in which gateways log a stream all give the same exchange.</summary>
public sealed class LoggedStreamTests
{
    public static TheoryData<string, string> Streams => new()
    {
        { "openai/stream.request.json", "openai/stream.response.sse" },
        { "openai/tools.request.json", "openai/tools-stream.response.sse" },
        { "anthropic/thinking-stream.request.json", "anthropic/thinking-stream.response.sse" },
        { "anthropic/tools.request.json", "anthropic/tools-stream.response.sse" },
    };

    private static Contract.Records.Exchange With(string request, string sse, JsonNode response) =>
        Fixture.Convert(request, null, edit: l => l["response"] = response);

    [Theory]
    [MemberData(nameof(Streams))]
    public void One_piece_per_line_without_line_ends(string request, string sse)
    {
        var lines = new JsonArray();
        foreach (var line in Fixture.Text(sse).Split('\n')) lines.Add(line);

        Assert.Equal(Fixture.Convert(request, sse), With(request, sse, lines));
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void One_piece_per_network_read_split_anywhere(string request, string sse)
    {
        var text = Fixture.Text(sse);
        foreach (int size in new[] { 5, 17, 100 })
        {
            var reads = new JsonArray();
            for (int at = 0; at < text.Length; at += size) reads.Add(text.Substring(at, Math.Min(size, text.Length - at)));

            Assert.Equal(Fixture.Convert(request, sse), With(request, sse, reads));
        }
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void Event_and_data_wrappers_with_object_or_text_data(string request, string sse)
    {
        var asObjects = new JsonArray();
        var asText = new JsonArray();
        foreach (var e in Fixture.Events(sse))
        {
            var type = e!["type"]?.GetValue<string>() ?? "chunk";
            asObjects.Add(new JsonObject { ["event"] = type, ["data"] = e.DeepClone() });
            asText.Add(new JsonObject { ["event"] = type, ["data"] = e.ToJsonString() });
        }
        asText.Add(new JsonObject { ["data"] = "[DONE]" });

        var expected = Fixture.Convert(request, sse);
        Assert.Equal(expected, With(request, sse, asObjects));
        Assert.Equal(expected, With(request, sse, asText));
    }

    [Fact]
    public void A_stream_without_any_event_is_a_bad_line()
    {
        var ex = Assert.Throws<Contract.Io.RecordFormatException>(() =>
            With("openai/stream.request.json", "", new JsonArray("data: [DONE]")));

        Assert.Equal(Contract.Io.ReadProblems.InvalidValue, ex.Problem);
    }
}
