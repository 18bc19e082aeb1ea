using System.Text;
using Moat.Contract.Io;
using Moat.Contract.Json;
using Moat.Contract.Records;
using Moat.Detection.Features;
using Moat.Simulation;

namespace Moat.Detection.Tests;

/// <summary>
/// The scan's span reader must give the same features as the contract parser plus the featuriser,
/// and must never accept a line the contract parser rejects (it would then be counted in a scan but
/// reported bad by validate).
/// </summary>
public sealed class ExchangeFeatureReaderTests
{
    private static readonly Lazy<string[]> SimulatedLines = new(() =>
    {
        string dir = Traffic.TempDir();
        try
        {
            var sim = TrafficSimulator.Run(SimulationOptions.FromPreset("tiny", 3) with { ResponseText = ResponseTextMode.Full }, dir);
            return File.ReadAllLines(sim.ExchangesPath);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    });

    [Fact]
    public void Reads_every_simulated_line_as_the_contract_parser_and_featuriser_do()
    {
        var reader = new ExchangeFeatureReader();
        var featuriser = new ExchangeFeaturiser();
        var lines = SimulatedLines.Value;
        Assert.True(lines.Length > 1000, $"only {lines.Length} lines simulated");
        foreach (var line in lines)
        {
            var bytes = Encoding.UTF8.GetBytes(line);
            Assert.True(reader.TryRead(bytes, out var fast), line);
            var expected = featuriser.Featurise(ExchangeCodec.Instance.Parse(bytes));
            AssertSame(expected, fast, line);
        }
    }

    [Theory]
    // role after content, a tool turn, an empty last user message: the prompt is the last non-empty user turn
    [InlineData("""[{"content":"first","role":"user"},{"role":"tool","content":"x"},{"role":"user","content":""}]""", "first", false)]
    // an assistant turn last: no prompt, conversational
    [InlineData("""[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]""", "", true)]
    // after an assistant turn, the user's follow-up is the prompt
    [InlineData("""[{"role":"user","content":"q"},{"role":"assistant","content":"a"},{"role":"user","content":"Explain \"why\"\nstep by step"}]""", "Explain \"why\"\nstep by step", true)]
    // escaped role, null content, unknown role, extra fields
    [InlineData("""[{"role":"\u0075ser","content":"caf\u00e9 \ud83d\ude00","name":"n"},{"role":"developer","content":null}]""", "café 😀", false)]
    public void Finds_the_prompt_as_the_featuriser_does(string messages, string prompt, bool conversational)
    {
        string line = """{"id":"x","ts":"2026-04-06T00:00:00Z","account_id":"a","endpoint":"/v1/chat/completions","model":"m","request":{"messages":""" + messages + ""","tools":2},"response":{"status":200,"reasoning_tokens":12.0}}""";
        var bytes = Encoding.UTF8.GetBytes(line);
        Assert.True(new ExchangeFeatureReader().TryRead(bytes, out var fast));
        Assert.Equal(prompt, fast.PromptText());
        Assert.Equal(conversational, (fast.Flags & ExchangeFlags.Conversational) != 0);
        AssertSame(new ExchangeFeaturiser().Featurise(ExchangeCodec.Instance.Parse(bytes)), fast, line);
    }

    [Theory]
    [InlineData("""{"id":"x","ts":"2026-04-06T00:00:00Z","account_id":"a","endpoint":"e","model":"m","request":{"messages":[]},"response":{}}""")] // no status
    [InlineData("""{"id":"x","ts":"2026-04-06T00:00:00Z","account_id":"a","endpoint":"e","model":"m","request":{},"response":{"status":200}}""")] // no messages
    [InlineData("""{"id":"x","ts":"2026-04-06","account_id":"a","endpoint":"e","model":"m","request":{"messages":[]},"response":{"status":200}}""")] // bad timestamp
    [InlineData("""{"id":"x","ts":"2026-04-06T00:00:00Z","account_id":"a","endpoint":"e","model":"m","request":{"messages":[]},"response":{"status":"200"}}""")] // wrong type
    [InlineData("""{"id":"x","ts":"2026-04-06T00:00:00Z","account_id":"a","endpoint":"e","model":"m","request":{"messages":[],"tools":1.5},"response":{"status":200}}""")] // not an integer
    [InlineData("""{"id":"x","ts":"2026-04-06T00:00:00Z","account_id":"a","endpoint":"e","model":"m","request":{"messages":[{"role":"user"}]},"response":{"status":200}}""")] // no content
    [InlineData("""{"id":"x","ts":"2026-04-06T00:00:00Z","account_id":"a","endpoint":"e","model":"m","request":{"messages":[]},"response":{"status":200,"text":"\ud800"}}""")] // lone surrogate
    [InlineData("""{"id":"x","ts":"2026-04-06T00:00:00Z","account_id":"a","endpoint":"e","model":"m","request":{"messages":[]},"response":{"status":200}} {}""")] // trailing content
    [InlineData("""{"id":"x","ts":"2026-04-06T00:00:00Z","account_id":"a","endpoint":"e","model":"m","request":{"messages":[]},"response":{"status":200}""")] // cut short
    [InlineData("""{"id":"x","ts":"2026-04-06T00:00:00Z","account_id":"a","endpoint":"e","model":"m","request":{"messages":[]},"response":{"status":200},"request":{"messages":[{"role":"user"}]}}""")] // the last duplicate wins
    public void Refuses_lines_the_contract_parser_refuses(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        Assert.False(RecordReader.TryParse(bytes, ExchangeCodec.Instance, out Exchange? _, out _, out _));
        Assert.False(new ExchangeFeatureReader().TryRead(bytes, out _));
    }

    [Fact]
    public void Refuses_invalid_utf8_in_fields_it_does_not_keep()
    {
        // The codec decodes response.text (GetString), so invalid bytes there make the line bad.
        var bytes = Encoding.UTF8.GetBytes("""{"id":"x","ts":"2026-04-06T00:00:00Z","account_id":"a","endpoint":"e","model":"m","request":{"messages":[]},"response":{"status":200,"text":"ab"}}""");
        int at = Array.IndexOf(bytes, (byte)'b');
        bytes[at] = 0xC3; // a lead byte with no continuation
        Assert.False(RecordReader.TryParse(bytes, ExchangeCodec.Instance, out Exchange? _, out _, out _));
        Assert.False(new ExchangeFeatureReader().TryRead(bytes, out _));
    }

    [Fact]
    public void Never_accepts_a_mutated_line_the_contract_parser_rejects()
    {
        var rng = new Random(20261201);
        var reader = new ExchangeFeatureReader();
        var featuriser = new ExchangeFeaturiser();
        var lines = SimulatedLines.Value;
        byte[] alphabet = "\"\\{}[],:0123456789.eE-ntrufalsd \u00ff"u8.ToArray();
        int accepted = 0, rejectedByBoth = 0;
        for (int n = 0; n < 20_000; n++)
        {
            var bytes = Encoding.UTF8.GetBytes(lines[rng.Next(lines.Length)]);
            bytes = Mutate(bytes, rng, alphabet);
            bool full = RecordReader.TryParse(bytes, ExchangeCodec.Instance, out Exchange? exchange, out _, out _);
            bool fast = reader.TryRead(bytes, out var features);
            if (fast)
            {
                Assert.True(full, "the span reader accepted a line the contract parser rejects: " + Encoding.UTF8.GetString(bytes));
                AssertSame(featuriser.Featurise(exchange!), features, Encoding.UTF8.GetString(bytes));
                accepted++;
            }
            else if (!full) rejectedByBoth++;
        }
        // The mutations must exercise both sides, or the test proves nothing.
        Assert.True(accepted > 1000, $"{accepted} mutated lines accepted");
        Assert.True(rejectedByBoth > 1000, $"{rejectedByBoth} mutated lines rejected");
    }

    private static byte[] Mutate(byte[] line, Random rng, byte[] alphabet)
    {
        var list = new List<byte>(line);
        int edits = 1 + rng.Next(3);
        for (int e = 0; e < edits && list.Count > 1; e++)
        {
            int at = rng.Next(list.Count);
            switch (rng.Next(6))
            {
                case 0: list.RemoveAt(at); break;
                case 1: list[at] = alphabet[rng.Next(alphabet.Length)]; break;
                case 2: list.Insert(at, alphabet[rng.Next(alphabet.Length)]); break;
                case 3: list.RemoveRange(at, list.Count - at); break;
                case 4: list.InsertRange(at, "\\ud83d"u8.ToArray()); break;
                default:
                    // Swap one value for another kind: a string for a number, null for an object...
                    string[] values = ["null", "\"s\"", "12.0", "1e400", "true", "[]", "{}"];
                    int colon = list.IndexOf((byte)':', at);
                    if (colon < 0) break;
                    int end = colon + 1;
                    while (end < list.Count && list[end] is not ((byte)',' or (byte)'}')) end++;
                    if (end - colon > 40) break;
                    list.RemoveRange(colon + 1, end - colon - 1);
                    list.InsertRange(colon + 1, Encoding.UTF8.GetBytes(values[rng.Next(values.Length)]));
                    break;
            }
        }
        return list.ToArray();
    }

    private static void AssertSame(ExchangeFeatures expected, ExchangeFeatures actual, string line)
    {
        Assert.True(expected.AccountId == actual.AccountId, line);
        Assert.True(expected.Ticks == actual.Ticks, line);
        Assert.True(expected.Model == actual.Model, line);
        Assert.True(expected.Ip == actual.Ip, line);
        Assert.True(expected.UserAgent == actual.UserAgent, line);
        Assert.True(expected.TlsFingerprint == actual.TlsFingerprint, line);
        Assert.True(expected.OrgId == actual.OrgId, line);
        Assert.True(expected.PromptText() == actual.PromptText(), line);
        Assert.True(((ReadOnlySpan<uint>)expected.Bands).SequenceEqual(actual.Bands), line);
        Assert.True(expected.Capability == actual.Capability, line);
        Assert.True(expected.Flags == actual.Flags, line);
        Assert.True(expected.InputTokens == actual.InputTokens, line);
        Assert.True(expected.OutputTokens == actual.OutputTokens, line);
    }
}
