using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Moat.Contract.Io;
using Moat.Contract.Json;
using Moat.Contract.Records;
using Moat.Contract.Validation;

namespace Moat.Benchmarks;

/// <summary>
/// Reading exchanges.jsonl, the hot path of every scan (the incident-scale scan reads 58.8 million
/// exchanges). Lines are 1–3 KB like real chat traffic. MB/s is of uncompressed JSONL.
///   dotnet run -c Release --project bench/Moat.Benchmarks -- --filter '*ContractReader*' --job short
/// </summary>
[Config(typeof(ThroughputConfig))]
[MemoryDiagnoser]
public class ContractReaderBenchmarks
{
    private string _plain = "";
    private string _gzip = "";

    [GlobalSetup]
    public void Setup() => (_plain, _gzip) = ExchangeFiles.Ensure();

    /// <summary>The floor: split lines only.</summary>
    [Benchmark]
    public long LinesPlain()
    {
        long n = 0;
        using var lines = new LineReader(ContractInput.Open(_plain));
        while (lines.Next(out _) == LineStatus.Line) n++;
        return n;
    }

    [Benchmark(Baseline = true)]
    public long ReadPlain() => Count(_plain);

    [Benchmark]
    public long ReadGzip() => Count(_gzip);

    /// <summary>Parsing spread over every core, records still in file order.</summary>
    [Benchmark]
    public long ParallelPlain() => CountParallel(_plain);

    [Benchmark]
    public long ParallelGzip() => CountParallel(_gzip);

    [Benchmark]
    public long ValidatePlain() =>
        new ContractValidator(new ValidationOptions()).Validate([_plain]).Files[0].Report.Records;

    private static long Count(string path)
    {
        long n = 0;
        foreach (var _ in RecordReader.Read(path, ExchangeCodec.Instance, new ReadReport())) n++;
        return n;
    }

    private static long CountParallel(string path)
    {
        long n = 0;
        foreach (var _ in ParallelRecordReader.Read(path, ExchangeCodec.Instance, new ReadReport())) n++;
        return n;
    }

    private sealed class ThroughputConfig : ManualConfig
    {
        public ThroughputConfig() => AddColumn(new MegabytesPerSecondColumn());
    }

    /// <summary>Uncompressed megabytes per second (10^6 bytes), from the mean time.</summary>
    private sealed class MegabytesPerSecondColumn : IColumn
    {
        public string Id => "MBps";
        public string ColumnName => "MB/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Uncompressed JSONL megabytes (10^6 B) per second";
        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var stats = summary[benchmarkCase]?.ResultStatistics;
            if (stats is null || !File.Exists(ExchangeFiles.PlainPath)) return "-";
            double seconds = stats.Mean / 1e9;
            return (new FileInfo(ExchangeFiles.PlainPath).Length / 1e6 / seconds).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}

/// <summary>A deterministic exchanges.jsonl of about 64 MB (and its gzip), generated once and reused.</summary>
public static class ExchangeFiles
{
    public const long TargetBytes = 64L * 1000 * 1000;

    private static readonly string Dir = Path.Combine(Path.GetTempPath(), "moat-bench");
    public static readonly string PlainPath = Path.Combine(Dir, "exchanges-64mb.jsonl");
    public static readonly string GzipPath = PlainPath + ".gz";

    private static readonly string[] Words =
    [
        "the", "function", "returns", "a", "list", "of", "values", "step", "by", "reasoning", "because", "therefore",
        "def", "solve(x):", "return", "x", "*", "2", "proof:", "let", "n", "be", "an", "integer", "café", "naïve",
        "über", "日本語", "の", "テキスト", "→", "≤", "∑", "“quoted”", "\"escaped\"", "path\\to", "tab\t", "line\n", "😀",
    ];

    public static (string Plain, string Gzip) Ensure()
    {
        if (File.Exists(PlainPath) && File.Exists(GzipPath)) return (PlainPath, GzipPath);
        Directory.CreateDirectory(Dir);
        var random = new Random(20260422);
        var temp = PlainPath + ".tmp";
        using (var writer = RecordWriter<Exchange>.Create(temp, ExchangeCodec.Instance))
        {
            // The writer flushes every 64 KB, so the file length tracks what was written closely enough.
            for (int i = 0; i % 1000 != 0 || new FileInfo(temp).Length < TargetBytes; i++) writer.Write(Exchange(i, random));
        }
        File.Move(temp, PlainPath, overwrite: true);
        using (var input = File.OpenRead(PlainPath))
        using (var output = ContractInput.Create(GzipPath + ".tmp.gz"))
        {
            input.CopyTo(output);
        }
        File.Move(GzipPath + ".tmp.gz", GzipPath, overwrite: true);
        return (PlainPath, GzipPath);
    }

    private static Exchange Exchange(int i, Random random) => new()
    {
        Id = $"ex_{i:D9}",
        Ts = new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc).AddMilliseconds(i * 731L),
        AccountId = $"acct_{random.Next(20_000):x5}",
        OrgId = random.Next(4) == 0 ? $"org_{random.Next(500)}" : null,
        ApiKeyId = $"key_{random.Next(40_000)}",
        Ip = $"203.0.{random.Next(256)}.{random.Next(256)}",
        UserAgent = random.Next(2) == 0 ? "python-httpx/0.27.0" : "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36",
        TlsFingerprint = "t13d1516h2_8daaf6152771_02713d6af862",
        Endpoint = random.Next(2) == 0 ? "/v1/messages" : "/v1/chat/completions",
        Model = "frontier-4",
        Request = new ExchangeRequest
        {
            System = random.Next(3) == 0 ? "You are a helpful assistant." : null,
            Messages = [new ChatMessage(ChatRoles.User, Text(random, random.Next(100, 600)))],
            Tools = random.Next(4),
            MaxTokens = 4096,
            Temperature = random.Next(0, 11) / 10.0,
            Stream = random.Next(2) == 0,
            Reasoning = random.Next(2) == 0,
        },
        Response = new ExchangeResponse
        {
            Status = random.Next(50) == 0 ? 429 : 200,
            Text = Text(random, random.Next(300, 2200)),
            InputTokens = random.Next(20, 4000),
            OutputTokens = random.Next(20, 4000),
            ReasoningTokens = random.Next(2) == 0 ? random.Next(0, 3000) : null,
            FinishReason = "end_turn",
            LatencyMs = random.Next(200, 40_000),
        },
    };

    private static string Text(Random random, int length)
    {
        var sb = new StringBuilder(length + 16);
        while (sb.Length < length) sb.Append(Words[random.Next(Words.Length)]).Append(' ');
        return sb.ToString();
    }
}
