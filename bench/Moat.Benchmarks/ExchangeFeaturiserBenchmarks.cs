using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Moat.Contract.Io;
using Moat.Contract.Json;
using Moat.Contract.Records;
using Moat.Detection.Features;

namespace Moat.Benchmarks;

/// <summary>
/// The per-exchange hot path of `moat scan`: normalise the prompt, sketch its head and tail
/// templates, classify capability and cues (<see cref="Featurise"/>), and the same preceded by
/// parsing the JSON line (<see cref="ParseAndFeaturise"/>), and what the batch scan runs instead: the
/// span reader that gets the same features from the line without building the record
/// (<see cref="ReadFeatures"/>). One operation = one exchange.
///   dotnet run -c Release --project bench/Moat.Benchmarks -- --filter '*ExchangeFeaturiser*'
/// </summary>
[MemoryDiagnoser]
public class ExchangeFeaturiserBenchmarks
{
    private const int Count = 2048;
    private readonly ExchangeFeaturiser _featuriser = new();
    private readonly ExchangeFeatureReader _reader = new();
    private Exchange[] _exchanges = [];
    private byte[][] _lines = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        string[] heads = ["Solve step by step and show all reasoning before the final answer.", "Write a complete, well-commented solution. Include unit tests.",
            "Which of the two answers is better? Explain, then output A or B.", "Continue the agent run. Decide the next tool call for:"];
        string[] words = "the of river model cloud garden travel recipe budget story poem letter summary history science orbit piano kettle lantern meadow harbor function array python list integer return value sort".Split(' ');
        _exchanges = new Exchange[Count];
        _lines = new byte[Count][];
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        for (int i = 0; i < Count; i++)
        {
            var body = new StringBuilder();
            int n = 20 + rng.Next(200);
            for (int w = 0; w < n; w++) body.Append(words[rng.Next(words.Length)]).Append(w % 17 == 16 ? ". " : " ");
            string prompt = i % 2 == 0 ? $"{heads[rng.Next(heads.Length)]}\n\n{body} {rng.Next(100000)}" : $"Can you help me with \"{words[rng.Next(words.Length)]}\"? {body}";
            var e = new Exchange
            {
                Id = $"ex_{i}", Ts = new DateTime(2026, 4, 6, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i), AccountId = $"acct_{i % 97}",
                Ip = "203.0.113.7", UserAgent = "python-httpx/0.27.0", TlsFingerprint = "t13d1516h2_8daaf6152771_02713d6af862",
                Endpoint = "/v1/messages", Model = "frontier-4",
                Request = new ExchangeRequest { Messages = [new ChatMessage(ChatRoles.User, prompt)], MaxTokens = 8192, Reasoning = i % 3 == 0, Tools = i % 5 == 0 ? 4 : 0 },
                Response = new ExchangeResponse { Status = 200, InputTokens = 300, OutputTokens = 1200, Text = body.ToString() },
            };
            _exchanges[i] = e;
            buffer.ResetWrittenCount();
            using (var w = new Utf8JsonWriter(buffer)) ExchangeCodec.Instance.Write(w, e);
            _lines[i] = buffer.WrittenSpan.ToArray();
        }
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public int Featurise()
    {
        int sum = 0;
        foreach (var e in _exchanges) sum += (int)_featuriser.Featurise(e).Bands[0];
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public int ParseAndFeaturise()
    {
        int sum = 0;
        foreach (var line in _lines)
        {
            if (RecordReader.TryParse(line, ExchangeCodec.Instance, out Exchange? e, out _, out _)) sum += (int)_featuriser.Featurise(e!).Bands[0];
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public int ReadFeatures()
    {
        int sum = 0;
        foreach (var line in _lines)
        {
            if (_reader.TryRead(line, out var f)) sum += (int)f.Bands[0];
        }
        return sum;
    }
}
