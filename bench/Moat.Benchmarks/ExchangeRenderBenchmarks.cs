using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Moat.Contract.Json;
using Moat.Contract.Records;
using Moat.Simulation;
using Moat.Simulation.Content;
using Moat.Simulation.Corpus;
using Moat.Simulation.Population;
using Moat.Simulation.Scheduling;

namespace Moat.Benchmarks;

/// <summary>
/// The simulator's hot path: composing one chunk of 4,096 scheduled exchanges and writing them as
/// JSON lines (what each render thread does). Exchanges/s per core = 4096 / mean time.
///   dotnet run -c Release --project bench/Moat.Benchmarks -- --filter '*ExchangeRender*'
/// </summary>
[MemoryDiagnoser]
public class ExchangeRenderBenchmarks
{
    private const int Chunk = 4096;
    private ExchangeComposer _composer = null!;
    private ScheduledExchange[] _slots = null!;
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 24);
    private readonly List<ChatMessage> _messages = new(16);

    [Params(ResponseTextMode.Full, ResponseTextMode.None)]
    public ResponseTextMode ResponseText { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var options = SimulationOptions.FromPreset("incident", 1).WithTotalAccounts(20_000).WithTotalExchanges(2_000_000) with
        {
            ResponseText = ResponseText,
        };
        var population = PopulationBuilder.Build(options);
        var schedule = new List<ScheduledExchange>();
        new DayScheduler(options, population).Schedule(3, schedule);
        _slots = schedule.Take(Chunk).ToArray();
        _composer = new ExchangeComposer(options, population, PromptCorpus.Builtin);
    }

    [Benchmark(OperationsPerInvoke = Chunk)]
    public int RenderChunk()
    {
        _buffer.ResetWrittenCount();
        using var json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
        for (int i = 0; i < _slots.Length; i++)
        {
            ExchangeCodec.Instance.Write(json, _composer.Compose(_slots[i], i, _messages));
            json.Flush();
            json.Reset();
            _buffer.Write("\n"u8);
        }
        return _buffer.WrittenCount;
    }
}
