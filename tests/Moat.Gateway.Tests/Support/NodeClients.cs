using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Moat.Gateway.Tests.Support;

/// <summary>
/// Runs <c>clients/run.mjs</c>, which drives the official <c>openai</c> and <c>@anthropic-ai/sdk</c>
/// npm packages (installed by .ci/setup.d/gateway-clients.sh), and returns the JSON it prints.
/// </summary>
public static class NodeClients
{
    private static readonly Lazy<string?> ClientsDirectory = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "clients", "run.mjs");
            if (File.Exists(candidate)) return Path.GetDirectoryName(candidate);
            candidate = Path.Combine(dir.FullName, "tests", "Moat.Gateway.Tests", "clients", "run.mjs");
            if (File.Exists(candidate)) return Path.GetDirectoryName(candidate);
        }
        return null;
    });

    /// <summary>Skips the calling test, with the reason, when node or the SDKs are not installed.</summary>
    public static string RequireInstalled()
    {
        var dir = ClientsDirectory.Value;
        if (dir is null) Assert.Skip("tests/Moat.Gateway.Tests/clients/run.mjs not found next to the test binaries");
        if (!Directory.Exists(Path.Combine(dir, "node_modules", "openai")) || !Directory.Exists(Path.Combine(dir, "node_modules", "@anthropic-ai", "sdk")))
            Assert.Skip("npm SDK clients not installed: run .ci/setup.d/gateway-clients.sh");
        return dir;
    }

    public static async Task<JsonObject> RunAsync(string scenario, Uri gateway, string apiKey, Dictionary<string, string>? env = null) =>
        (await RunAsync([scenario], gateway, apiKey, env))[scenario];

    /// <summary>Runs several scenarios in one node process (in order); results by scenario name.</summary>
    public static async Task<Dictionary<string, JsonObject>> RunAsync(string[] scenarios, Uri gateway, string apiKey, Dictionary<string, string>? env = null)
    {
        var dir = RequireInstalled();
        var start = new ProcessStartInfo("node", ["run.mjs", string.Join(',', scenarios)])
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["GATEWAY_URL"] = gateway.ToString().TrimEnd('/');
        start.Environment["API_KEY"] = apiKey;
        foreach (var (k, v) in env ?? []) start.Environment[k] = v;
        Process process;
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception) { Assert.Skip("node is not installed: run .ci/setup.d/gateway-clients.sh"); throw; }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            string output = (await stdout).Trim();
            Assert.True(process.ExitCode == 0 && output.Length > 0, $"node run.mjs {string.Join(',', scenarios)} exited {process.ExitCode}: {await stderr}");
            var results = new Dictionary<string, JsonObject>();
            foreach (var line in output.Split('\n'))
            {
                if (!line.StartsWith('{')) continue;
                var result = JsonNode.Parse(line)!.AsObject();
                results[(string)result["scenario"]!] = result;
            }
            Assert.Equal(scenarios.Order(), results.Keys.Order());
            return results;
        }
    }
}
