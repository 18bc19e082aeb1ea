using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moat.Gateway.Accounts;
using Moat.Gateway.Admin;
using Moat.Gateway.Decisions;
using Moat.Gateway.Enforcement;
using Moat.Gateway.Keys;
using Moat.Gateway.Logging;
using Moat.Gateway.Metrics;
using Moat.Gateway.Proxy;
using Moat.Gateway.Scoring;
using Moat.Gateway.Tls;

namespace Moat.Gateway.Hosting;

/// <summary>
/// The running gateway: the proxy and the admin API on their own Kestrel listeners, sharing the
/// decision book, the registries and the exchange log. Start it, read the bound ports, dispose it.
/// </summary>
public sealed class GatewayServer : IAsyncDisposable
{
    private readonly WebApplication _proxy;
    private readonly WebApplication? _admin;
    private readonly List<WatchedFile> _watched;
    private readonly HttpMessageInvoker _upstream;
    private readonly AccountThrottle _throttle;

    private GatewayServer(WebApplication proxy, WebApplication? admin, List<WatchedFile> watched, HttpMessageInvoker upstream,
        AccountThrottle throttle, GatewayState state)
    {
        _proxy = proxy;
        _admin = admin;
        _watched = watched;
        _upstream = upstream;
        _throttle = throttle;
        State = state;
    }

    public GatewayState State { get; }
    public int Port { get; private set; }
    /// <summary>The admin port, or -1 when the admin API is off.</summary>
    public int AdminPort { get; private set; } = -1;

    /// <summary>
    /// Loads the files (failing fast on a missing or malformed one), binds both ports and starts serving.
    /// <paramref name="onError"/> receives later reload and log-write problems, which never stop the gateway.
    /// </summary>
    public static async Task<GatewayServer> StartAsync(GatewayOptions options, Action<string>? onError = null,
        IResponseWatermark? watermark = null, ITemplateMatcher? templates = null, TimeProvider? time = null, CancellationToken cancel = default)
    {
        time ??= TimeProvider.System;
        onError ??= message => Console.Error.WriteLine($"moat serve: {message}");
        var report = onError;

        var keys = new ApiKeyDirectory();
        var registry = new AccountRegistry();
        var decisions = new DecisionBook();
        var activity = new AccountActivity();
        var metrics = new GatewayMetrics();
        var matcher = templates ?? new SketchTemplateMatcher();
        var rules = new OnlineRules(decisions, activity, new RegrowthGuard(registry, decisions), matcher, options.Scoring);

        var watched = new List<WatchedFile>();
        void Watch(string? path, Action<string> load)
        {
            if (path is null) return;
            watched.Add(new WatchedFile(path, load, options.ReloadInterval, (p, e) => report($"could not reload {p}, keeping the previous content: {e.Message}")));
        }
        DecisionStore? store = null;
        try
        {
            WatchAll();
            // After enforcement.csv, so the start-up line can count all sources; precedence does not
            // depend on load order (admin wins, else the more severe of scan and online).
            if (options.DecisionsPath is { } decisionsPath)
                store = DecisionStore.Open(decisionsPath, decisions, e => report($"decisions database: {e.Message}"));
        }
        catch
        {
            foreach (var w in watched) w.Dispose();
            throw;
        }

        void WatchAll()
        {
            Watch(options.KeysPath, keys.Load);
            Watch(options.AccountsPath, registry.Load);
            Watch(options.EnforcementPath, decisions.LoadEnforcement);
            if (matcher is SketchTemplateMatcher sketches)
            {
                string? campaigns = options.CampaignsPath;
                if (campaigns is null && options.EnforcementPath is { } enforcement)
                {
                    // A scan folder holds campaigns.json next to enforcement.csv: its templates come along.
                    var sibling = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(enforcement)) ?? ".", "campaigns.json");
                    if (File.Exists(sibling)) campaigns = sibling;
                }
                Watch(campaigns, sketches.Load);
            }
        }

        ExchangeLog log;
        try
        {
            log = new ExchangeLog(options.Log, options.LogDirectory, new IngestExchangeMapper(), registry, time,
                exchange => rules.ObserveExchange(exchange.AccountId, exchange.Prompt, exchange.Ts),
                e => report($"exchange log: {e.Message}"));
        }
        catch
        {
            // e.g. the log directory cannot be created: release the files and the decisions database.
            foreach (var w in watched) w.Dispose();
            if (store is not null) await store.DisposeAsync();
            throw;
        }

        var upstream = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            EnableMultipleHttp2Connections = true,
            // Streams and long generations run for minutes; only an idle upstream is cut off.
            ResponseDrainTimeout = TimeSpan.FromSeconds(2),
        }, disposeHandler: true);
        var throttle = new AccountThrottle(options.Throttle);
        var handler = new ProxyHandler(options, upstream, keys, rules, throttle, log, metrics, watermark ?? NoWatermark.Instance, time);
        var state = new GatewayState(keys, registry, decisions, store, activity, metrics, log, () =>
        {
            int changed = 0;
            foreach (var w in watched) { int before = w.Loads; w.CheckNow(); if (w.Loads != before) changed++; }
            return changed;
        });

        // The proxy enforces its own body limit, to answer in the provider's error shape.
        var proxy = NewApp(options.ListenAddress, options.Port, null, options.TlsCertificate, options.PreferInlineScheduling);
        proxy.Run(handler.HandleAsync);

        WebApplication? admin = null;
        if (options.AdminPort >= 0)
        {
            admin = NewApp(options.ListenAddress, options.AdminPort, 1 << 20, null, inline: false);
            AdminApi.Map(admin, new AdminToken(options.AdminToken), decisions, store, registry, activity, metrics, log, state.Reload, time);
        }

        var server = new GatewayServer(proxy, admin, watched, upstream, throttle, state);
        try
        {
            await proxy.StartAsync(cancel);
            server.Port = BoundPort(proxy);
            if (admin is not null)
            {
                await admin.StartAsync(cancel);
                server.AdminPort = BoundPort(admin);
            }
        }
        catch
        {
            // e.g. the admin port is taken: release the proxy port and the log before reporting it.
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    private static WebApplication NewApp(IPAddress address, int port, long? maxBody, X509Certificate2? certificate, bool inline)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        if (inline) builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = true);
        builder.Logging.ClearProviders();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = maxBody;
            if (certificate is null)
            {
                k.Listen(address, port);
                return;
            }
            k.Listen(address, port, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = certificate,
                // Runs once per connection, before the handshake: the JA4 of the ClientHello is kept on
                // the connection for every exchange it carries.
                TlsClientHelloBytesCallback = TlsFingerprintFeature.OnClientHello,
            }));
        });
        return builder.Build();
    }

    private static int BoundPort(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First()).Port;
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        foreach (var w in _watched) w.Dispose();
        await _proxy.StopAsync();
        if (_admin is not null) await _admin.StopAsync();
        await _proxy.DisposeAsync();
        if (_admin is not null) await _admin.DisposeAsync();
        await State.Log.DisposeAsync();
        // After the log: its writer feeds the template rule, which may still raise decisions.
        if (State.Store is not null) await State.Store.DisposeAsync();
        _throttle.Dispose();
        _upstream.Dispose();
    }
}

/// <summary>The gateway's shared state, for the CLI, tests and the admin API.</summary>
public sealed record GatewayState(
    ApiKeyDirectory Keys,
    AccountRegistry Registry,
    DecisionBook Decisions,
    DecisionStore? Store,
    AccountActivity Activity,
    GatewayMetrics Metrics,
    ExchangeLog Log,
    Func<int> Reload);
