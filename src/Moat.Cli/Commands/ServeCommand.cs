using System.CommandLine;
using System.Net;
using Moat.Gateway;
using Moat.Gateway.Hosting;
using Moat.Gateway.Tls;

namespace Moat.Cli.Commands;

/// <summary><c>moat serve</c>: the enforcement gateway in front of an OpenAI- or Anthropic-compatible API.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var upstream = new Option<string>("--upstream") { Description = "Base URL of the API to protect, e.g. https://api.openai.com or http://10.0.0.5:8000.", Required = true, HelpName = "URL" };
        var keys = new Option<string>("--keys") { Description = "Client keys: CSV 'api_key,account_id[,api_key_id]' (sha256:HEX allowed for the key), or a SQLite .db with table api_keys. Reloaded on change.", Required = true, HelpName = "FILE" };
        var accounts = new Option<string?>("--accounts") { Description = "Account registry accounts.jsonl, for regrowth prevention (new accounts sharing a card or sign-up IP with a blocked one). Reloaded on change.", HelpName = "FILE" };
        var enforcement = new Option<string?>("--enforcement") { Description = "A scan's enforcement.csv (account_id,action,campaign_id,score,reason). Reloaded on change; campaigns.json next to it feeds online template matching.", HelpName = "FILE" };
        var campaigns = new Option<string?>("--campaigns") { Description = "A scan's campaigns.json whose templates are matched online (default: next to --enforcement).", HelpName = "FILE" };
        var logDir = new Option<string?>("--log-dir") { Description = "Write every exchange to DIR/exchanges-*.jsonl (the data contract's format, readable by moat scan).", HelpName = "DIR" };
        var decisionsDb = new Option<string?>("--decisions-db") { Description = "SQLite file keeping admin and online decisions across restarts (default: DIR/decisions.db with --log-dir; without either, they are kept in memory only). Scan decisions always come from --enforcement.", HelpName = "FILE" };
        var logGzip = new Option<bool>("--log-gzip") { Description = "Gzip the exchange log files (.jsonl.gz)." };
        var rotateMb = new Option<int>("--log-rotate-mb") { Description = "Start a new log file after this many MiB.", DefaultValueFactory = _ => 256, HelpName = "MIB" };
        var rotateMinutes = new Option<int>("--log-rotate-minutes") { Description = "Start a new log file after this many minutes.", DefaultValueFactory = _ => 60, HelpName = "MIN" };
        var logQueue = new Option<int>("--log-queue") { Description = "Exchanges that may wait to be written; beyond, they are dropped and counted (moat_gateway_log_dropped_total).", DefaultValueFactory = _ => 10_000, HelpName = "N" };
        var port = new Option<int>("--port") { Description = "Proxy port (0 picks a free one).", DefaultValueFactory = _ => 8080, HelpName = "N" };
        var adminPort = new Option<int>("--admin-port") { Description = "Admin API, /healthz and /metrics port; -1 turns it off.", DefaultValueFactory = _ => 8081, HelpName = "N" };
        var adminTokenFile = new Option<string?>("--admin-token-file") { Description = "File holding the admin API's bearer token; without it /admin/* answers 403.", HelpName = "FILE" };
        var upstreamKeyFile = new Option<string?>("--upstream-key-file") { Description = "File holding the provider key sent upstream in place of each client's key (default: env MOAT_UPSTREAM_KEY; none: no key is sent).", HelpName = "FILE" };
        var listen = new Option<string>("--listen") { Description = "Address to listen on; 0.0.0.0 or :: for every interface.", DefaultValueFactory = _ => "127.0.0.1", HelpName = "ADDRESS" };
        var trusted = new Option<string[]>("--trusted-proxy") { Description = "Load balancer address or CIDR whose X-Forwarded-For is believed (repeatable). Otherwise the client IP is the connection's.", HelpName = "CIDR", AllowMultipleArgumentsPerToken = true };
        var passThrough = new Option<string[]>("--pass-through") { Description = "Path prefix forwarded after the key check and decisions, besides /v1/chat/completions, /v1/messages and /v1/models (repeatable; default /v1/).", HelpName = "PREFIX", AllowMultipleArgumentsPerToken = true };
        var tlsCert = new Option<string?>("--tls-cert") { Description = "Serve the proxy port over HTTPS with this certificate: PKCS#12 (.pfx/.p12) or PEM. Each connection's TLS ClientHello is then fingerprinted (JA4) into the log's tls_fingerprint.", HelpName = "FILE" };
        var tlsKey = new Option<string?>("--tls-key") { Description = "PEM private key of --tls-cert (when the PEM certificate file does not hold it).", HelpName = "FILE" };
        var tlsPasswordFile = new Option<string?>("--tls-cert-password-file") { Description = "File holding the password of a PKCS#12 --tls-cert or an encrypted PEM --tls-key.", HelpName = "FILE" };
        var tlsHeader = new Option<string?>("--tls-fingerprint-header") { Description = "Header in which a TLS-terminating proxy passes the client's JA4/JA3 (e.g. X-JA4); believed only from --trusted-proxy peers.", HelpName = "NAME" };
        var inlineIo = new Option<bool>("--inline-io") { Description = "Run request code on the socket threads instead of the thread pool (fewer thread hops: lower latency on small machines; a slow step then delays other connections). Off by default; see docs/gateway.md." };
        var throttleBurst = new Option<int>("--throttle-burst") { Description = "Requests a throttled account may send at once.", DefaultValueFactory = _ => 3, HelpName = "N" };
        var throttlePerMinute = new Option<int>("--throttle-per-minute") { Description = "Requests per minute a throttled account gets once its burst is spent.", DefaultValueFactory = _ => 6, HelpName = "N" };

        var command = new Command("serve", """
            Run the enforcement gateway in front of an OpenAI- or Anthropic-compatible API.

            Clients call the gateway with their own API key; the gateway maps the key to an account,
            applies that account's decision (allow, review, throttle, degrade, watermark, block), and
            forwards to the upstream with the provider key. Streaming responses pass through event by
            event. Every exchange is logged in the data contract's format for the next scan, and the
            decisions of that scan are picked up as soon as enforcement.csv changes.

            Routes: /v1/chat/completions (OpenAI), /v1/messages (Anthropic), /v1/models, and any
            --pass-through prefix. Errors come in the caller's provider shape (401, 403, 429 with
            Retry-After). The admin port serves /healthz, /metrics (Prometheus) and, with a token,
            GET/PUT/DELETE /admin/decisions[/ACCOUNT], GET /admin/accounts/ACCOUNT, POST /admin/reload.

            Decisions: an operator's (admin API) wins outright; otherwise the more severe of the scan's
            (enforcement.csv) and the online rules' applies. Admin and online decisions are saved in
            --decisions-db and restored at start; reloading enforcement.csv replaces scan decisions only.

            Examples:
              moat serve --upstream https://api.openai.com --keys keys.csv --upstream-key-file openai.key
              moat serve --upstream http://127.0.0.1:9000 --keys keys.db --accounts data/accounts.jsonl \
                --enforcement scan/enforcement.csv --log-dir gwlog --admin-token-file admin.token
                (admin and online decisions are kept in gwlog/decisions.db and survive a restart)
              moat serve --upstream https://api.anthropic.com --keys keys.csv --listen 0.0.0.0 \
                --trusted-proxy 10.0.0.0/8 --tls-fingerprint-header X-JA4 --log-dir /var/log/moat --log-gzip
              moat serve --upstream https://api.openai.com --keys keys.csv --port 8443 \
                --tls-cert gw.crt --tls-key gw.key --log-dir gwlog      (HTTPS; JA4 per connection)
              curl -H "Authorization: Bearer $(cat admin.token)" -X PUT localhost:8081/admin/decisions/acct_42 \
                -d '{"action":"block","reason":"confirmed"}' -H 'Content-Type: application/json'
              moat scan --exchanges gwlog/exchanges-*.jsonl --accounts data/accounts.jsonl --out scan

            Stops cleanly on Ctrl+C (the log is flushed). Exit codes: 0 stopped, 2 usage error,
            3 a file cannot be read.
            """);
        foreach (var o in new Option[] { upstream, keys, accounts, enforcement, campaigns, logDir, decisionsDb, logGzip, rotateMb, rotateMinutes, logQueue,
                     port, adminPort, adminTokenFile, upstreamKeyFile, listen, trusted, passThrough, tlsCert, tlsKey, tlsPasswordFile, tlsHeader, inlineIo, throttleBurst, throttlePerMinute })
            command.Options.Add(o);

        command.SetAction(async (parse, cancel) =>
        {
            var options = new GatewayOptions
            {
                Upstream = ParseUpstream(parse.GetValue(upstream)!),
                UpstreamKey = ReadSecret(parse.GetValue(upstreamKeyFile), "--upstream-key-file") ?? NullIfEmpty(Environment.GetEnvironmentVariable("MOAT_UPSTREAM_KEY")),
                KeysPath = parse.GetValue(keys)!,
                AccountsPath = parse.GetValue(accounts),
                EnforcementPath = parse.GetValue(enforcement),
                CampaignsPath = parse.GetValue(campaigns),
                LogDirectory = parse.GetValue(logDir),
                DecisionsPath = parse.GetValue(decisionsDb) ?? (parse.GetValue(logDir) is { } dir ? Path.Combine(dir, "decisions.db") : null),
                ListenAddress = IPAddress.TryParse(parse.GetValue(listen), out var address) ? address : throw new UsageException($"--listen: '{parse.GetValue(listen)}' is not an IP address"),
                Port = Port(parse.GetValue(port), "--port", allowOff: false),
                AdminPort = Port(parse.GetValue(adminPort), "--admin-port", allowOff: true),
                AdminToken = ReadSecret(parse.GetValue(adminTokenFile), "--admin-token-file"),
                TlsCertificate = LoadCertificate(parse.GetValue(tlsCert), parse.GetValue(tlsKey), ReadSecret(parse.GetValue(tlsPasswordFile), "--tls-cert-password-file")),
                TlsFingerprintHeader = parse.GetValue(tlsHeader) is { } header
                    ? (header.Length > 0 && header.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? header : throw new UsageException($"--tls-fingerprint-header: '{header}' is not a header name"))
                    : null,
                PreferInlineScheduling = parse.GetValue(inlineIo),
                TrustedProxies = [.. (parse.GetValue(trusted) ?? []).Select(ParseNetwork)],
                PassThroughPrefixes = parse.GetValue(passThrough) is { Length: > 0 } prefixes ? [.. prefixes.Select(p => p.StartsWith('/') ? p : "/" + p)] : ["/v1/"],
                Throttle = new ThrottleOptions
                {
                    Burst = Positive(parse.GetValue(throttleBurst), "--throttle-burst"),
                    TokensPerPeriod = 1,
                    Period = TimeSpan.FromMinutes(1.0 / Positive(parse.GetValue(throttlePerMinute), "--throttle-per-minute")),
                },
                Log = new ExchangeLogOptions
                {
                    Gzip = parse.GetValue(logGzip),
                    RotateBytes = (long)Positive(parse.GetValue(rotateMb), "--log-rotate-mb") << 20,
                    RotateInterval = TimeSpan.FromMinutes(Positive(parse.GetValue(rotateMinutes), "--log-rotate-minutes")),
                    QueueCapacity = Positive(parse.GetValue(logQueue), "--log-queue"),
                },
            };
            return await Run(options, cancel);
        });
        return command;
    }

    private static async Task<int> Run(GatewayOptions options, CancellationToken cancel)
    {
        // Before the first socket of the process: the runtime reads it once (see GatewayOptions.PreferInlineScheduling).
        if (options.PreferInlineScheduling) Environment.SetEnvironmentVariable(GatewayOptions.InlineSocketCompletionsVariable, "1");
        GatewayServer server;
        try
        {
            server = await GatewayServer.StartAsync(options, cancel: cancel);
        }
        catch (FormatException e)
        {
            throw new InputException(e.Message);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            // Most often the port is taken.
            throw new UsageException($"cannot start: {e.Message}");
        }
        await using (server)
        {
            var s = server.State;
            Console.Error.WriteLine($"moat serve: proxy on {(options.TlsCertificate is null ? "http" : "https")}://{Host(options.ListenAddress)}:{server.Port} -> {options.Upstream}"
                + (options.TlsCertificate is null ? "" : " (JA4 of each TLS client logged)"));
            Console.Error.WriteLine(server.AdminPort >= 0
                ? $"moat serve: admin on http://{Host(options.ListenAddress)}:{server.AdminPort} (/healthz, /metrics{(options.AdminToken is null ? "; /admin off: no --admin-token-file" : ", /admin")})"
                : "moat serve: admin port off");
            Console.Error.WriteLine($"moat serve: {s.Keys.Count} keys, {s.Registry.Count} registered accounts, {s.Decisions.Snapshot().Count} decisions"
                + (options.LogDirectory is null ? ", exchange log off" : $", logging to {options.LogDirectory}"));
            Console.Error.WriteLine(s.Store is { } store
                ? $"moat serve: admin and online decisions kept in {store.Path} ({store.Restored} restored)"
                : "moat serve: admin and online decisions kept in memory only (lost on restart): give --decisions-db or --log-dir");
            try { await Task.Delay(Timeout.Infinite, cancel); }
            catch (OperationCanceledException) { }
            Console.Error.WriteLine($"moat serve: stopping; {s.Log.Written} exchanges logged, {s.Log.Dropped} dropped");
        }
        return ExitCodes.Success;
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2? LoadCertificate(string? cert, string? key, string? password)
    {
        if (cert is null)
        {
            if (key is not null || password is not null) throw new UsageException("--tls-key and --tls-cert-password-file need --tls-cert");
            return null;
        }
        try
        {
            return ServerCertificate.Load(cert, key, password);
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            throw new InputException($"--tls-cert: {e.Message}");
        }
    }

    private static string Host(IPAddress address) => address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();

    private static Uri ParseUpstream(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new UsageException($"--upstream: '{value}' is not an http(s) URL");

    private static IPNetwork ParseNetwork(string value)
    {
        if (IPNetwork.TryParse(value, out var network)) return network;
        if (IPAddress.TryParse(value, out var single)) return new IPNetwork(single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        throw new UsageException($"--trusted-proxy: '{value}' is neither an IP address nor a CIDR range");
    }

    private static int Port(int value, string name, bool allowOff) =>
        value is >= 0 and <= 65535 || (allowOff && value == -1) ? value : throw new UsageException($"{name} must be between 0 and 65535{(allowOff ? " or -1" : "")}");

    private static int Positive(int value, string name) => value > 0 ? value : throw new UsageException($"{name} must be positive");

    private static string? ReadSecret(string? path, string name)
    {
        if (path is null) return null;
        if (!File.Exists(path)) throw new InputException($"{name}: file not found: {path}");
        var secret = File.ReadAllText(path).Trim();
        return secret.Length > 0 ? secret : throw new InputException($"{name}: {path} is empty");
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
