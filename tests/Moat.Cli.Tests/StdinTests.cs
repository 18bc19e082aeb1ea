using System.Diagnostics;
using System.IO.Compression;
using System.Text;

namespace Moat.Cli.Tests;

/// <summary>'-' reads stdin, plain or gzip: needs a real process, since in-process tests cannot replace stdin.</summary>
public sealed class StdinTests
{
    private const string Exchange =
        """{"id":"e1","ts":"2026-04-22T03:14:07.123Z","account_id":"acct_1","endpoint":"/v1/messages","model":"m","request":{"messages":[{"role":"user","content":"hi"}]},"response":{"status":200}}""";

    private static async Task<(int Exit, string Out)> MoatWithStdin(byte[] stdin, params string[] args)
    {
        var moat = Path.Combine(AppContext.BaseDirectory, "moat.dll");
        // The test host sets DOTNET_HOST_PATH to the dotnet that runs it; fall back to PATH.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(moat);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.BaseStream.WriteAsync(stdin);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        await stderr;
        return (process.ExitCode, await stdout);
    }

    [Fact]
    public async Task Validate_reads_plain_stdin()
    {
        var (exit, stdout) = await MoatWithStdin(Encoding.UTF8.GetBytes($"{Exchange}\n{Exchange}\nnope\n"), "validate", "-");
        Assert.Equal(ExitCodes.Findings, exit);
        Assert.Contains("-: exchanges, 2 valid, 1 bad", stdout);
    }

    [Fact]
    public async Task Validate_reads_gzip_stdin()
    {
        var gz = new MemoryStream();
        using (var z = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true)) z.Write(Encoding.UTF8.GetBytes(Exchange + "\n"));
        var (exit, stdout) = await MoatWithStdin(gz.ToArray(), "validate", "--kind", "exchanges", "-");
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("-: exchanges, 1 valid, 0 bad", stdout);
    }
}
