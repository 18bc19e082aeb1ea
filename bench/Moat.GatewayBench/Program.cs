using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moat.Gateway;
using Moat.Gateway.Hosting;

// Added latency and throughput of `moat serve` on loopback: the same requests sent straight to a fake
// upstream and through the gateway in front of it. Open-loop at a fixed rate for latency (a closed loop
// would hide queueing), closed-loop with N workers for throughput. Not a unit test: numbers depend on
// the machine and on whatever else runs on it.
//
//   dotnet run -c Release --project bench/Moat.GatewayBench -- [--rate 1000] [--seconds 10] [--workers 32] [--stream] [--no-log]
//       [--isolate]            the gateway in its own process pinned to CPU 1, generator and upstream pinned to CPU 0
//       [--no-pin]             with --isolate: separate processes, but no pinning (every process on every core)
//       [--variant NAME[:K=V,K=V]]...   with --isolate: one gateway process per variant, all measured in the same
//                              run (paths alternate), K=V set in its environment (e.g. DOTNET_gcServer=0);
//                              MOAT_BENCH_INLINE=1 is moat serve --inline-io; MOAT_BENCH_LINGER_MS=N the log writer's linger; MOAT_BENCH_NO_LOG=1 no exchange log; exe=PATH another build
//       [--rounds N]           repeat the open loop N times and report each round, then all rounds pooled
//       [--warmup-seconds N]   the discarded open-loop round before measuring, N s per path (default 10; 0 skips it)
//       [--alloc N]            bytes allocated per request, direct vs through the gateway (in-process)

var cli = Args.Parse(args);
if (cli.ServeGateway is { } upstreamPort)
{
    await GatewayChild.RunAsync(upstreamPort, cli.Log);
    return;
}
var (upstreamApp, upstream) = await BenchUpstream.StartAsync();
var dir = Directory.CreateTempSubdirectory("moat-gwbench-").FullName;
var keys = Path.Combine(dir, "keys.csv");
File.WriteAllText(keys, "sk-bench,acct_bench,key_bench\n");
// In-process unless --isolate: then one child process per variant, on its own core, runs the same gateway.
var children = new List<GatewayChild>();
if (cli.Isolate)
{
    foreach (var variant in cli.Variants.Count > 0 ? cli.Variants : ["gateway"]) children.Add(await GatewayChild.StartAsync(upstream, cli.Log, variant, cli.Pin));
}
await using var gateway = cli.Isolate ? null : await GatewayServer.StartAsync(GatewayChild.Options(upstream, keys, cli.Log ? Path.Combine(dir, "log") : null));
int gatewayPort = children.Count > 0 ? children[0].Port : gateway!.Port;

var body = Encoding.UTF8.GetBytes(cli.Stream
    ? """{"model":"bench","stream":true,"messages":[{"role":"user","content":"Summarise the following paragraph in one sentence: the quick brown fox jumps over the lazy dog."}]}"""
    : """{"model":"bench","messages":[{"role":"user","content":"Summarise the following paragraph in one sentence: the quick brown fox jumps over the lazy dog."}]}""");
var direct = new Uri($"http://127.0.0.1:{upstream}/v1/chat/completions");
var proxied = new Uri($"http://127.0.0.1:{gatewayPort}/v1/chat/completions");

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10), UseProxy = false });
http.DefaultRequestHeaders.Authorization = new("Bearer", "sk-bench");

async Task<double> Send(Uri target)
{
    long start = Stopwatch.GetTimestamp();
    using var content = new ByteArrayContent(body);
    content.Headers.ContentType = new("application/json");
    using var response = await http.PostAsync(target, content);
    await response.Content.CopyToAsync(Stream.Null);
    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{target}: HTTP {(int)response.StatusCode}");
    return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
}

// The paths measured: straight to the upstream, then each gateway.
var paths = new List<(string Name, Uri Target)> { ("direct to upstream", direct) };
if (children.Count == 0) paths.Add(("through gateway", proxied));
foreach (var child in children) paths.Add(($"through {child.Name}", new Uri($"http://127.0.0.1:{child.Port}/v1/chat/completions")));

Console.Error.WriteLine("warming up...");
for (int i = 0; i < 2000; i++)
{
    foreach (var (_, target) in paths) await Send(target);
}

if (cli.Alloc > 0)
{
    if (gateway is null) throw new ArgumentException("--alloc measures in-process: do not combine it with --isolate");
    // Sequential requests, so the only allocations are those of one request at a time (client, upstream
    // and, on the proxied path, the gateway and its log writer). The difference is the gateway's.
    double PerRequest(Uri target)
    {
        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < cli.Alloc; i++) Send(target).GetAwaiter().GetResult();
        // The log writer maps and writes off the request path: let it finish before reading the counter.
        while (gateway.State.Log.Queued > 0) Thread.Sleep(10);
        Thread.Sleep(200);
        return (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)cli.Alloc;
    }
    // The log writer's share, measured alone: mapping one capture to a contract exchange and writing it.
    {
        var mapper = new Moat.Gateway.Logging.IngestExchangeMapper();
        var response = BenchUpstream.JsonBody;
        var file = new Moat.Gateway.Logging.RotatingExchangeFile(Path.Combine(dir, "alloc-log"), new ExchangeLogOptions(), TimeProvider.System);
        long mapped = 0, written = 0;
        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < cli.Alloc; i++)
            {
                using var capture = new Moat.Gateway.Logging.ExchangeCapture
                {
                    Ts = DateTime.UtcNow, AccountId = "acct_bench", ApiKeyId = "key_bench", Ip = "127.0.0.1", UserAgent = null,
                    Endpoint = "/v1/chat/completions", Provider = Moat.Gateway.Proxy.Provider.OpenAI,
                    Request = new Moat.Gateway.Logging.CaptureBuffer(1 << 20, body.Length), Status = 200, LatencyMs = 1,
                };
                capture.Request.Append(body);
                capture.Response = new Moat.Gateway.Logging.CaptureBuffer(1 << 20, response.Length);
                capture.Response.Append(response);
                long a = GC.GetAllocatedBytesForCurrentThread();
                var exchange = mapper.Map(capture, "gw_0196f2a4c1d27c3e8a5b6d7e8f901234", null);
                long b = GC.GetAllocatedBytesForCurrentThread();
                file.Write(exchange);
                long c = GC.GetAllocatedBytesForCurrentThread();
                if (round == 1) { mapped += b - a; written += c - b; }
            }
        }
        file.Dispose();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Log writer per exchange (measured alone): map {mapped / (double)cli.Alloc:N0} B, write {written / (double)cli.Alloc:N0} B"));
    }
    using var directSampler = new AllocationSampler();
    directSampler.Recording = true;
    var d0 = PerRequest(direct);
    directSampler.Recording = false;
    using var sampler = new AllocationSampler();
    sampler.Recording = true;
    var g0 = PerRequest(proxied);
    sampler.Recording = false;
    var d1 = PerRequest(direct);
    var g1 = PerRequest(proxied);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Allocated per request ({cli.Alloc:N0} sequential requests, JSON={!cli.Stream}, log={(cli.Log ? "on" : "off")}): direct {Math.Min(d0, d1):N0} B, through gateway {Math.Min(g0, g1):N0} B, added by gateway {Math.Min(g0, g1) - Math.Min(d0, d1):N0} B (gen0 GCs so far: {GC.CollectionCount(0)})"));
    // Sampled (one event per ~100 KB): the types behind the bytes the proxied path adds to the direct one.
    var directBytes = directSampler.Top(int.MaxValue).ToDictionary(t => t.Type, t => t.Bytes);
    Console.WriteLine("Types the gateway adds (sampled; proxied minus direct, per request):");
    foreach (var (type, bytes) in sampler.Top(int.MaxValue).Select(t => (t.Type, Bytes: t.Bytes - directBytes.GetValueOrDefault(t.Type))).OrderByDescending(t => t.Bytes).Take(20))
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {bytes / (double)cli.Alloc,8:N0} B/req  {type}"));
    await upstreamApp.DisposeAsync();
    return;
}

var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"Loopback, {Environment.ProcessorCount} cores usable ({Cpus()}), {(cli.Stream ? "SSE streaming (7 events)" : "JSON")} responses, exchange log {(cli.Log ? "on" : "off")}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {LoadAverage()}");
report.AppendLine(children.Count > 0
    ? (cli.Pin
        ? $"Gateway{(children.Count > 1 ? "s" : "")} in {(children.Count > 1 ? "their" : "its")} own process pinned to CPU {GatewayChild.GatewayCpu} ({string.Join("; ", children.Select(c => c.Describe()))}); load generator and fake upstream pinned to CPU {GatewayChild.GeneratorCpu}."
        : $"Gateway{(children.Count > 1 ? "s" : "")} in {(children.Count > 1 ? "their" : "its")} own process, not pinned ({string.Join("; ", children.Select(c => c.Describe()))}).")
    : "Gateway, fake upstream and load generator in one process sharing every core.");
report.AppendLine();
var stall = StallProbe.Measure(TimeSpan.FromSeconds(5));
report.AppendLine(CultureInfo.InvariantCulture, $"Machine before the run (one thread spinning 5 s, nothing else sending): {stall}.");
report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"Open loop at {cli.Rate:N0} requests/s for {cli.Seconds} s per path, the paths alternating every 500 ms (latency in ms, client-measured, full response):");
report.AppendLine();
// A discarded open-loop round first: sequential warm-up does not reach the code paths of concurrent
// requests. The first measured round is still often the slowest (docs/gateway.md); it is kept, not dropped.
if (cli.WarmupSeconds > 0) await OpenLoop([.. paths.Select(p => p.Target)], cli.WarmupSeconds);
// Every path in one run, so all see the same background load (the CPU is shared with other work).
var before = new List<GatewayChild.Usage>();
foreach (var child in children) before.Add(await child.UsageAsync());
var rounds = new List<Result[]>();
var overheadBefore = gateway is null ? null : Buckets(gateway.State.Metrics.Overhead);
var steal = new List<double?>();
for (int round = 0; round < cli.Rounds; round++)
{
    var stealBefore = HostSteal.ReadMilliseconds();
    rounds.Add(await OpenLoop([.. paths.Select(p => p.Target)], cli.Seconds));
    steal.Add(HostSteal.ReadMilliseconds() - stealBefore);
}
if (gateway is not null)
{
    // The gateway's own share of each request, measured inside it (moat_gateway_overhead_seconds):
    // it leaves out the client's and the upstream's time, though not a VM stall that lands inside it.
    var h = gateway.State.Metrics.Overhead;
    var counts = Buckets(h);
    long total = 0;
    for (int i = 0; i < counts.Length; i++) { counts[i] -= overheadBefore![i]; total += counts[i]; }
    var shares = new List<string>();
    long cumulative = 0;
    for (int i = 0; i < h.Bounds.Length && h.Bounds[i] <= 0.0025; i++)
    {
        cumulative += counts[i];
        shares.Add(string.Create(CultureInfo.InvariantCulture, $"≤ {h.Bounds[i] * 1000:0.###} ms: {cumulative / (double)Math.Max(1, total):P2}"));
    }
    report.AppendLine(CultureInfo.InvariantCulture, $"Gateway's own time per request (moat_gateway_overhead_seconds, {total:N0} open-loop requests): {string.Join(", ", shares)}.");
    report.AppendLine();
}
var usage = new List<GatewayChild.Usage>();
for (int c = 0; c < children.Count; c++) usage.Add(await children[c].UsageAsync() - before[c]);
string Stolen(double? ms, int seconds) => ms is { } v
    ? string.Create(CultureInfo.InvariantCulture, $"host steal on its CPUs {v:N0} ms in {seconds} s, {v / (seconds * 1000.0 * Environment.ProcessorCount):P1} of their time")
    : "host steal unknown";
// With several rounds, the pooled table is the whole run as one measurement (every round's requests per path).
if (rounds.Count > 1)
{
    rounds.Add([.. paths.Select((_, p) => new Result([.. rounds.SelectMany(r => r[p].Latencies)], rounds.Average(r => r[p].Rate)))]);
    steal.Add(steal.All(v => v.HasValue) ? steal.Sum() : null);
}
for (int round = 0; round < rounds.Count; round++)
{
    var results = rounds[round];
    bool pooled = rounds.Count > 1 && round == rounds.Count - 1;
    int measured = cli.Seconds * paths.Count * (pooled ? rounds.Count - 1 : 1);
    string title = pooled ? $"All {rounds.Count - 1} rounds pooled" : rounds.Count > 1 ? $"Round {round + 1} of {rounds.Count - 1}" : "The round";
    report.AppendLine(CultureInfo.InvariantCulture, $"{title} ({Stolen(steal[round], measured)}):");
    report.AppendLine();
    report.AppendLine("| path | sent/s | p50 | p90 | p99 | p99.9 | max |");
    report.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (int p = 0; p < paths.Count; p++) Row(paths[p].Name, results[p]);
    var d = results[0];
    for (int p = 1; p < paths.Count; p++)
    {
        var g = results[p];
        string label = paths.Count > 2 ? $"added by {paths[p].Name["through ".Length..]}" : "added by gateway";
        report.AppendLine(CultureInfo.InvariantCulture, $"| **{label}** | | {g.P(50) - d.P(50):0.000} | {g.P(90) - d.P(90):0.000} | {g.P(99) - d.P(99):0.000} | {g.P(99.9) - d.P(99.9):0.000} | |");
    }
    report.AppendLine();
}
if (children.Count > 0)
{
    report.AppendLine();
    // CPU time per request is steadier than latency on a shared machine: it is what the gateway costs.
    for (int c = 0; c < children.Count; c++) report.AppendLine(CultureInfo.InvariantCulture, $"- {children[c].Name}, open loop: {usage[c]}");
}
report.AppendLine();
// --workers 0 skips the throughput part (A/B runs of latency and CPU only).
if (cli.Workers > 0)
{
    report.AppendLine(CultureInfo.InvariantCulture, $"Closed loop, {cli.Workers} concurrent workers for {cli.Seconds} s (throughput):");
    report.AppendLine();
    report.AppendLine("| path | requests/s | p50 ms | p99 ms |");
    report.AppendLine("| --- | ---: | ---: | ---: |");
    foreach (var (name, target) in paths)
    {
        var t = await ClosedLoop(target);
        report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {t.Rate:N0} | {t.P(50):0.000} | {t.P(99):0.000} |");
    }
    report.AppendLine();
}
if (gateway is not null)
{
    var s = gateway.State;
    report.AppendLine(CultureInfo.InvariantCulture, $"Exchange log: {s.Log.Written:N0} written, {s.Log.Dropped:N0} dropped, {s.Log.Failed:N0} failed (queue drained at exit: {s.Log.Queued}).");
}
foreach (var child in children)
{
    report.AppendLine(CultureInfo.InvariantCulture, $"{child.Name}: exchange log {await child.StopAsync()}.");
}
Console.WriteLine(report.ToString());
await upstreamApp.DisposeAsync();
try { Directory.Delete(dir, true); } catch (IOException) { }
return;

static long[] Buckets(Moat.Gateway.Metrics.LatencyHistogram h)
{
    var counts = new long[h.Bounds.Length + 1];
    for (int i = 0; i < counts.Length; i++) counts[i] = h.BucketCount(i);
    return counts;
}

// Environment.ProcessorCount follows the affinity mask (taskset -c 0 gives 1), so the report says which CPUs it ran on.
static string Cpus() => OperatingSystem.IsLinux() || OperatingSystem.IsWindows()
    ? $"CPU mask 0x{(long)Process.GetCurrentProcess().ProcessorAffinity:x}" : "CPU mask unknown";

static string LoadAverage()
{
    try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
    catch (IOException) { return "unknown"; }
}

void Row(string name, Result r) =>
    report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {r.Rate:N0} | {r.P(50):0.000} | {r.P(90):0.000} | {r.P(99):0.000} | {r.P(99.9):0.000} | {r.Max:0.000} |");

async Task<Result[]> OpenLoop(Uri[] targets, int seconds)
{
    int total = targets.Length * cli.Rate * seconds;
    int perSlice = cli.Rate / 2;
    var latencies = new double[total];
    var tasks = new Task[total];
    long start = Stopwatch.GetTimestamp();
    double ticksPerRequest = Stopwatch.Frequency / (double)cli.Rate;
    // Sends every request that is due, then sleeps ~1 ms: spinning would take one of the two cores
    // away from the gateway and measure the load generator instead.
    // Interleaving request by request (every path at the full rate at once) was tried so that VM stalls
    // land on all paths alike: it doubles the load on two cores and every tail grew (docs/gateway.md).
    int PathOf(int i) => i / perSlice % targets.Length;
    for (int i = 0; i < total;)
    {
        long now = Stopwatch.GetTimestamp();
        for (; i < total && start + (long)(i * ticksPerRequest) <= now; i++)
        {
            int n = i;
            var target = targets[PathOf(n)];
            tasks[i] = Task.Run(async () => latencies[n] = await Send(target));
        }
        await Task.Delay(1);
    }
    await Task.WhenAll(tasks);
    double rate = total / Stopwatch.GetElapsedTime(start).TotalSeconds;
    var split = targets.Select(_ => new List<double>(total / targets.Length)).ToArray();
    for (int i = 0; i < total; i++) split[PathOf(i)].Add(latencies[i]);
    // Each path is sent at the full rate during its slices: that is the rate it sees.
    return [.. split.Select(l => new Result([.. l], rate))];
}

async Task<Result> ClosedLoop(Uri target)
{
    var all = new List<double>[cli.Workers];
    var stopAt = Stopwatch.GetTimestamp() + cli.Seconds * Stopwatch.Frequency;
    long start = Stopwatch.GetTimestamp();
    await Task.WhenAll(Enumerable.Range(0, cli.Workers).Select(w => Task.Run(async () =>
    {
        var mine = all[w] = new List<double>(1 << 16);
        while (Stopwatch.GetTimestamp() < stopAt) mine.Add(await Send(target));
    })));
    double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
    var latencies = all.SelectMany(l => l).ToArray();
    return new Result(latencies, latencies.Length / seconds);
}

sealed record Result(double[] Latencies, double Rate)
{
    private readonly double[] _sorted = Latencies.Order().ToArray();
    public double P(double percentile) => _sorted[Math.Min(_sorted.Length - 1, (int)Math.Ceiling(percentile / 100 * _sorted.Length) - 1)];
    public double Max => _sorted[^1];
}

sealed record Args(int Rate, int Seconds, int Workers, bool Stream, bool Log, bool Isolate, bool Pin, List<string> Variants, int Alloc, int? ServeGateway, int Rounds, int WarmupSeconds)
{
    public static Args Parse(string[] args)
    {
        int rate = 1000, seconds = 10, workers = 32, alloc = 0;
        int? serve = null;
        int rounds = 1, warmup = 10;
        bool stream = false, log = true, isolate = false, pin = true;
        var env = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--rate": rate = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--workers": workers = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--stream": stream = true; break;
                case "--no-log": log = false; break;
                case "--isolate": isolate = true; break;
                case "--no-pin": pin = false; break;
                case "--variant": env.Add(args[++i]); isolate = true; break;
                case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--warmup-seconds": warmup = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--alloc": alloc = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--serve-gateway": serve = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown option {args[i]}; see the comment at the top of Program.cs");
            }
        }
        return new Args(rate, seconds, workers, stream, log, isolate, pin, env, alloc, serve, rounds, warmup);
    }
}

/// <summary>A minimal OpenAI-compatible upstream answering at once, so that the gateway's own cost shows.</summary>
static class BenchUpstream
{
    public static byte[] JsonBody => Json;

    private static readonly byte[] Json = Encoding.UTF8.GetBytes(
        """{"id":"chatcmpl-b","object":"chat.completion","created":1,"model":"bench","choices":[{"index":0,"message":{"role":"assistant","content":"A fox jumps over a dog."},"finish_reason":"stop"}],"usage":{"prompt_tokens":24,"completion_tokens":8,"total_tokens":32}}""");

    private static readonly byte[][] Events =
    [
        .. new[] { "A", " fox", " jumps", " over", " a dog." }.Select(t =>
            Encoding.UTF8.GetBytes($"data: {{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"bench\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{t}\"}},\"finish_reason\":null}}]}}\n\n")),
        Encoding.UTF8.GetBytes("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"bench\",\"choices\":[],\"usage\":{\"prompt_tokens\":24,\"completion_tokens\":8,\"total_tokens\":32}}\n\n"),
        Encoding.UTF8.GetBytes("data: [DONE]\n\n"),
    ];

    public static async Task<(WebApplication App, int Port)> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => { k.AddServerHeader = false; k.Listen(IPAddress.Loopback, 0); });
        var app = builder.Build();
        app.Run(async ctx =>
        {
            var buffer = new byte[4096];
            bool stream = false;
            int n, total = 0;
            while ((n = await ctx.Request.Body.ReadAsync(buffer.AsMemory(total, buffer.Length - total))) > 0) total += n;
            stream = buffer.AsSpan(0, total).IndexOf("\"stream\":true"u8) >= 0;
            if (!stream)
            {
                ctx.Response.ContentType = "application/json";
                ctx.Response.ContentLength = Json.Length;
                await ctx.Response.Body.WriteAsync(Json);
                return;
            }
            ctx.Response.ContentType = "text/event-stream";
            foreach (var e in Events)
            {
                await ctx.Response.Body.WriteAsync(e);
                await ctx.Response.Body.FlushAsync();
            }
        });
        await app.StartAsync();
        int port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        return (app, port);
    }
}
