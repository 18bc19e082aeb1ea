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
    private GatewayChild(Process process, int port) { _process = process; Port = port; }

    public int Port { get; }

    public static GatewayOptions Options(int upstreamPort, string keys, string? logDirectory) => new()
    {
        Upstream = new Uri($"http://127.0.0.1:{upstreamPort}"),
        UpstreamKey = "sk-upstream",
        KeysPath = keys,
        LogDirectory = logDirectory,
        Port = 0,
        AdminPort = -1,
        // The benchmark account sends 1,000 requests/s: keep the online rate rules out of the way.
        Scoring = new OnlineScoringOptions { ReviewRequestsPerMinute = int.MaxValue, ThrottleRequestsPerMinute = int.MaxValue },
    };

    public static async Task<GatewayChild> StartAsync(int upstreamPort, bool log, IReadOnlyList<string> env)
    {
        if (!OperatingSystem.IsLinux() || Environment.ProcessorCount < 2 || !File.Exists("/usr/bin/taskset"))
            throw new InvalidOperationException("--isolate needs 2 cores and /usr/bin/taskset (Linux util-linux)");
        // This process (generator and upstream) keeps to its core from now on.
        Process.GetCurrentProcess().ProcessorAffinity = 1 << GeneratorCpu;
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo("/usr/bin/taskset")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-c", GatewayCpu.ToString(CultureInfo.InvariantCulture), self }) start.ArgumentList.Add(a);
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(GatewayChild).Assembly.Location);
        start.ArgumentList.Add("--serve-gateway");
        start.ArgumentList.Add(upstreamPort.ToString(CultureInfo.InvariantCulture));
        if (!log) start.ArgumentList.Add("--no-log");
        foreach (var pair in env)
        {
            int eq = pair.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"--gateway-env expects NAME=VALUE, got '{pair}'");
            start.Environment[pair[..eq]] = pair[(eq + 1)..];
        }
        var process = Process.Start(start)!;
        var line = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("the gateway process exited at start");
        return new GatewayChild(process, int.Parse(line["port ".Length..], CultureInfo.InvariantCulture));
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
        await Task.CompletedTask;
    }

    /// <summary>The child side: run the gateway until stdin closes.</summary>
    public static async Task RunAsync(int upstreamPort, bool log)
    {
        var dir = Directory.CreateTempSubdirectory("moat-gwbench-child-").FullName;
        var keys = Path.Combine(dir, "keys.csv");
        File.WriteAllText(keys, "sk-bench,acct_bench,key_bench\n");
        var gateway = await GatewayServer.StartAsync(Options(upstreamPort, keys, log ? Path.Combine(dir, "log") : null));
        Console.WriteLine($"port {gateway.Port}");
        Console.Out.Flush();
        await Console.In.ReadToEndAsync();
        var s = gateway.State.Log;
        await gateway.DisposeAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{s.Written:N0} written, {s.Dropped:N0} dropped, {s.Failed:N0} failed; gateway process: {Environment.ProcessorCount} visible core(s), server GC {System.Runtime.GCSettings.IsServerGC}, gen0/1/2 GCs {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}"));
        try { Directory.Delete(dir, true); } catch (IOException) { }
    }
}
