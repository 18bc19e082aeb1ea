using System.Diagnostics;
using System.Globalization;
using Moat.Gateway;
using Moat.Gateway.Hosting;

/// <summary>
/// The gateway of an <c>--isolate</c> run: this same program started again with <c>--serve-gateway</c>,
/// pinned with <c>taskset</c> to one core while the load generator and the fake upstream are pinned to
/// the other. In production the clients and the upstream are on other machines; sharing two cores
/// with them makes the benchmark measure their scheduling as much as the gateway.
/// </summary>
sealed class GatewayChild : IAsyncDisposable
{
    public const int GeneratorCpu = 0;
    public const int GatewayCpu = 1;

    private readonly Process _process;
    private readonly IReadOnlyList<string> _env;
    private GatewayChild(Process process, int port, string name, IReadOnlyList<string> env) { _process = process; Port = port; Name = name; _env = env; }

    public int Port { get; }
    public string Name { get; }

    public string Describe() => _env.Count == 0 ? Name : $"{Name}: {string.Join(' ', _env)}";

    public static GatewayOptions Options(int upstreamPort, string keys, string? logDirectory) => new()
    {
        Log = new ExchangeLogOptions
        {
            WriterLinger = Environment.GetEnvironmentVariable("MOAT_BENCH_LINGER_MS") is { } linger
                ? TimeSpan.FromMilliseconds(double.Parse(linger, CultureInfo.InvariantCulture)) : new ExchangeLogOptions().WriterLinger,
        },
        PreferInlineScheduling = Environment.GetEnvironmentVariable("MOAT_BENCH_INLINE") == "1",
        Upstream = new Uri($"http://127.0.0.1:{upstreamPort}"),
        UpstreamKey = "sk-upstream",
        KeysPath = keys,
        LogDirectory = logDirectory,
        Port = 0,
        AdminPort = -1,
        // The benchmark account sends 1,000 requests/s: keep the online rate rules out of the way.
        Scoring = new OnlineScoringOptions { ReviewRequestsPerMinute = int.MaxValue, ThrottleRequestsPerMinute = int.MaxValue },
    };

    /// <summary>Starts the gateway of one variant, <c>NAME[:K=V,K=V]</c>, with those variables in its environment.</summary>
    public static async Task<GatewayChild> StartAsync(int upstreamPort, bool log, string variant, bool pin)
    {
        int colon = variant.IndexOf(':');
        string name = colon < 0 ? variant : variant[..colon];
        string[] env = colon < 0 ? [] : variant[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries);
        // exe=PATH runs another build of this benchmark (its executable) as the gateway, e.g. the previous
        // commit's, for a before/after comparison under the same load.
        var self = env.FirstOrDefault(e => e.StartsWith("exe=", StringComparison.Ordinal))?[4..] ?? Environment.ProcessPath!;
        env = [.. env.Where(e => !e.StartsWith("exe=", StringComparison.Ordinal))];
        ProcessStartInfo start;
        if (pin)
        {
            if (!OperatingSystem.IsLinux() || Environment.ProcessorCount < 2 || !File.Exists("/usr/bin/taskset"))
                throw new InvalidOperationException("pinning needs 2 cores and /usr/bin/taskset (Linux util-linux); use --no-pin");
            // This process (generator and upstream) keeps to its core from now on.
            Process.GetCurrentProcess().ProcessorAffinity = 1 << GeneratorCpu;
            start = new ProcessStartInfo("/usr/bin/taskset");
            foreach (var a in new[] { "-c", GatewayCpu.ToString(CultureInfo.InvariantCulture), self }) start.ArgumentList.Add(a);
        }
        else
        {
            start = new ProcessStartInfo(self);
        }
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.UseShellExecute = false;
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(GatewayChild).Assembly.Location);
        start.ArgumentList.Add("--serve-gateway");
        start.ArgumentList.Add(upstreamPort.ToString(CultureInfo.InvariantCulture));
        if (!log) start.ArgumentList.Add("--no-log");
        foreach (var pair in env)
        {
            int eq = pair.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"--variant expects NAME:K=V[,K=V], got '{variant}'");
            start.Environment[pair[..eq]] = pair[(eq + 1)..];
        }
        var process = Process.Start(start)!;
        var line = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("the gateway process exited at start");
        return new GatewayChild(process, int.Parse(line["port ".Length..], CultureInfo.InvariantCulture), name, env);
    }

    /// <summary>The gateway process's CPU time, context switches and requests so far.</summary>
    public async Task<Usage> UsageAsync()
    {
        await _process.StandardInput.WriteLineAsync("usage");
        await _process.StandardInput.FlushAsync();
        var parts = (await _process.StandardOutput.ReadLineAsync() ?? "0 0 0").Split(' ');
        return new Usage(double.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    public readonly record struct Usage(double CpuMs, long ContextSwitches, long Requests)
    {
        public static Usage operator -(Usage a, Usage b) => new(a.CpuMs - b.CpuMs, a.ContextSwitches - b.ContextSwitches, a.Requests - b.Requests);
        public override string ToString() => Requests == 0 ? "no requests" : string.Create(CultureInfo.InvariantCulture,
            $"{CpuMs * 1000 / Requests:0} µs CPU and {ContextSwitches / (double)Requests:0.0} context switches per request");
    }

    /// <summary>Closes the child's stdin, which stops its gateway; returns its exchange-log line.</summary>
    public async Task<string> StopAsync()
    {
        _process.StandardInput.Close();
        var stats = await _process.StandardOutput.ReadLineAsync() ?? "unknown";
        await _process.WaitForExitAsync();
        return stats;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000)) _process.Kill();
        }
        _process.Dispose();
    }

    /// <summary>Voluntary and involuntary context switches of every thread of this process (Linux /proc).</summary>
    private static long ContextSwitches()
    {
        long total = 0;
        try
        {
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                {
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal) || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                        total += long.Parse(line[(line.IndexOf(':') + 1)..].Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException) { }
        return total;
    }

    /// <summary>The child side: run the gateway until stdin closes.</summary>
    public static async Task RunAsync(int upstreamPort, bool log)
    {
        // As moat serve --inline-io does, before the first socket.
        if (Environment.GetEnvironmentVariable("MOAT_BENCH_INLINE") == "1") Environment.SetEnvironmentVariable(GatewayOptions.InlineSocketCompletionsVariable, "1");
        var dir = Directory.CreateTempSubdirectory("moat-gwbench-child-").FullName;
        var keys = Path.Combine(dir, "keys.csv");
        File.WriteAllText(keys, "sk-bench,acct_bench,key_bench\n");
        // MOAT_BENCH_NO_LOG=1: this variant without the exchange log, to see what logging costs in the same run.
        log &= Environment.GetEnvironmentVariable("MOAT_BENCH_NO_LOG") != "1";
        var gateway = await GatewayServer.StartAsync(Options(upstreamPort, keys, log ? Path.Combine(dir, "log") : null));
        Console.WriteLine($"port {gateway.Port}");
        Console.Out.Flush();
        while (await Console.In.ReadLineAsync() is { } command)
        {
            if (command != "usage") continue;
            var self = Process.GetCurrentProcess();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{self.TotalProcessorTime.TotalMilliseconds} {ContextSwitches()} {gateway.State.Metrics.Requests(Moat.Gateway.Proxy.RouteKind.ChatCompletions)}"));
            Console.Out.Flush();
        }
        var s = gateway.State.Log;
        await gateway.DisposeAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{s.Written:N0} written, {s.Dropped:N0} dropped, {s.Failed:N0} failed; gateway process: {Environment.ProcessorCount} visible core(s), server GC {System.Runtime.GCSettings.IsServerGC}, gen0/1/2 GCs {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}"));
        try { Directory.Delete(dir, true); } catch (IOException) { }
    }
}
