using System.Net.Http.Headers;
using Moat.Gateway.Hosting;

namespace Moat.Gateway.Tests.Support;

/// <summary>A fake upstream and a gateway in front of it, with its files in a temporary folder.</summary>
public sealed class GatewayHarness : IAsyncDisposable
{
    public const string UpstreamKey = "sk-upstream-secret";
    public const string AdminToken = "admin-token-for-tests";

    /// <summary>Client keys of the harness's keys file: key → account.</summary>
    public static readonly (string Key, string Account)[] Keys =
    [
        ("sk-alice", "acct_alice"), ("sk-bob", "acct_bob"), ("sk-carol", "acct_carol"),
        ("sk-dave", "acct_dave"), ("sk-erin", "acct_erin"), ("sk-new", "acct_new"),
        .. Enumerable.Range(1, 8).Select(i => ($"sk-atk{i}", $"acct_atk{i}")),
        .. Enumerable.Range(1, 8).Select(i => ($"sk-org{i}", $"acct_org{i}")),
    ];

    public required FakeUpstream Upstream { get; init; }
    public required GatewayServer Gateway { get; set; }
    public required GatewayOptions Options { get; init; }
    public required string Directory { get; init; }
    public List<string> Errors { get; } = [];
    public string LogDirectory => Path.Combine(Directory, "log");
    public Uri BaseUrl => new($"{(Options.TlsCertificate is null ? "http" : "https")}://127.0.0.1:{Gateway.Port}");
    public Uri AdminUrl => new($"http://127.0.0.1:{Gateway.AdminPort}");

    public static async Task<GatewayHarness> StartAsync(
        string? enforcementCsv = null, string? accountsJsonl = null, Func<GatewayOptions, GatewayOptions>? configure = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "moat-gw-" + Guid.NewGuid().ToString("N")[..10]);
        System.IO.Directory.CreateDirectory(dir);
        var keysPath = Path.Combine(dir, "keys.csv");
        await File.WriteAllLinesAsync(keysPath, ["api_key,account_id,api_key_id", .. Keys.Select(k => $"{k.Key},{k.Account},key_{k.Account[5..]}")]);
        string? enforcement = null, accounts = null;
        if (enforcementCsv is not null) await File.WriteAllTextAsync(enforcement = Path.Combine(dir, "enforcement.csv"), enforcementCsv);
        if (accountsJsonl is not null) await File.WriteAllTextAsync(accounts = Path.Combine(dir, "accounts.jsonl"), accountsJsonl);

        var upstream = await FakeUpstream.StartAsync();
        var options = new GatewayOptions
        {
            Upstream = upstream.BaseUrl,
            UpstreamKey = UpstreamKey,
            KeysPath = keysPath,
            AccountsPath = accounts,
            EnforcementPath = enforcement,
            LogDirectory = Path.Combine(dir, "log"),
            DecisionsPath = Path.Combine(dir, "log", "decisions.db"),
            Port = 0,
            AdminPort = 0,
            AdminToken = AdminToken,
            // Tests reload explicitly through the admin API or State.Reload, never by waiting.
            ReloadInterval = TimeSpan.FromHours(1),
        };
        if (configure is not null) options = configure(options);
        var errors = new List<string>();
        var gateway = await GatewayServer.StartAsync(options, onError: m => { lock (errors) errors.Add(m); });
        var harness = new GatewayHarness { Upstream = upstream, Gateway = gateway, Options = options, Directory = dir };
        harness.Errors.AddRange(errors);
        return harness;
    }

    public HttpClient Client(string? key = "sk-alice", bool anthropic = false)
    {
        var client = new HttpClient { BaseAddress = BaseUrl };
        if (key is null) return client;
        if (anthropic)
        {
            client.DefaultRequestHeaders.Add("x-api-key", key);
            client.DefaultRequestHeaders.Add("anthropic-version", "2023-06-01");
        }
        else client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public HttpClient Admin(string? token = AdminToken)
    {
        var client = new HttpClient { BaseAddress = AdminUrl };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Stops the gateway and starts a new one on the same files (new ports), as a process restart would.</summary>
    public async Task RestartAsync()
    {
        await Gateway.DisposeAsync();
        Gateway = await GatewayServer.StartAsync(Options, onError: m => { lock (Errors) Errors.Add(m); });
    }

    /// <summary>Stops the gateway (flushing the log) and returns the log files it wrote.</summary>
    public async Task<string[]> StopAndListLogAsync()
    {
        await Gateway.DisposeAsync();
        return System.IO.Directory.Exists(LogDirectory) ? System.IO.Directory.GetFiles(LogDirectory, "exchanges-*") : [];
    }

    private bool _disposed;

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        try { await Gateway.DisposeAsync(); } catch (ObjectDisposedException) { }
        await Upstream.DisposeAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
