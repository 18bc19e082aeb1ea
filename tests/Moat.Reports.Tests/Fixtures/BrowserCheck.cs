using System.Diagnostics;
using System.Text.Json;

namespace Moat.Reports.Tests.Fixtures;

/// <summary>
/// Runs browser/check-report.mjs (playwright-core driving Debian's Chromium) on a report and returns its
/// verdict. A missing browser or npm install fails the test with the command that fixes it: a browser
/// test that silently passes without a browser would prove nothing. MOAT_SKIP_BROWSER=1 skips instead.
/// </summary>
public static class BrowserCheck
{
    private static readonly string[] Chromiums = ["/usr/bin/chromium", "/usr/lib/chromium/chromium", "/usr/bin/chromium-browser"];

    public static JsonElement Run(string reportPath, string? screenshotPath, bool hostile)
    {
        if (Environment.GetEnvironmentVariable("MOAT_SKIP_BROWSER") == "1")
            Assert.Skip("MOAT_SKIP_BROWSER=1: browser checks of report.html skipped");
        const string fix = "run `bash .ci/setup.d/report-browser.sh` (installs Debian's chromium and the npm packages), or set MOAT_SKIP_BROWSER=1 to skip";
        var script = Path.Combine(RepoPaths.BrowserCheck, "check-report.mjs");
        if (!File.Exists(Path.Combine(RepoPaths.BrowserCheck, "node_modules", "playwright-core", "package.json")))
            Assert.Fail($"playwright-core is not installed in {RepoPaths.BrowserCheck}: {fix}");
        var chromium = Environment.GetEnvironmentVariable("MOAT_CHROMIUM");
        if (string.IsNullOrEmpty(chromium) && !Chromiums.Any(File.Exists))
            Assert.Fail($"Chromium is not installed: {fix}");

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepoPaths.BrowserCheck,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("--report");
        start.ArgumentList.Add(reportPath);
        if (screenshotPath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(screenshotPath)!);
            start.ArgumentList.Add("--screenshot");
            start.ArgumentList.Add(screenshotPath);
        }
        if (hostile) start.ArgumentList.Add("--hostile");
        start.Environment["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1";

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"cannot start node ({e.Message}): install Node.js, then {fix}");
            throw;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("check-report.mjs did not finish within 3 minutes");
            }
            string output = stdout.Result, errors = stderr.Result;
            if (process.ExitCode != 0) Assert.Fail($"check-report.mjs exited {process.ExitCode}:\n{errors}\n{output}");
            var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
                ?? throw new InvalidOperationException("check-report.mjs printed nothing; stderr:\n" + errors);
            using var doc = JsonDocument.Parse(last);
            return doc.RootElement.Clone();
        }
    }
}
