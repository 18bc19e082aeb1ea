using System.CommandLine;
using System.IO.Compression;
using Moat.Contract.Io;
using Moat.Contract.Json;
using Moat.Contract.Records;
using Moat.Ingest;

namespace Moat.Cli.Commands;

/// <summary><c>moat convert</c>: provider gateway logs (OpenAI / Anthropic bodies) to contract exchanges.</summary>
internal static class ConvertCommand
{
    private const int PrintedDiagnostics = 20;

    // Provider bodies may carry base64 images and documents (Anthropic accepts 32 MB requests), so a
    // logged call can be far longer than a contract line; memory stays bounded by this one line.
    private const int MaxLineBytes = 96 * 1024 * 1024;

    public static Command Create()
    {
        var input = new Option<string>("--in", "-i")
        {
            Description = "Gateway log to convert (JSONL, plain or gzip; '-' reads stdin). Each line: "
                + "{ \"ts\", \"account_id\", \"ip\", \"user_agent\", \"request\": <provider request body>, "
                + "\"response\": <response body, array of stream events, or SSE text> }.",
            Required = true,
        };
        var output = new Option<string>("--out", "-o")
        {
            Description = "Where to write contract exchanges (exchanges.jsonl); '-' is stdout. A name ending in .gz is gzip-compressed.",
            DefaultValueFactory = _ => ContractInput.StdinPath,
        };
        var gzip = new Option<bool>("--gzip") { Description = "Gzip the output whatever its name (e.g. to stdout)." };
        var provider = new Option<string>("--provider")
        {
            Description = "Request/response format: openai (Chat Completions), anthropic (Messages), or auto to tell per line.",
            DefaultValueFactory = _ => "auto",
        };
        provider.AcceptOnlyFromAmong("auto", "openai", "anthropic");
        var quiet = CommonOptions.Quiet();

        var command = new Command("convert", """
            Convert your own gateway logs into Moat's exchange log (data contract §1).

            Each input line holds one logged API call: OpenAI Chat Completions or Anthropic Messages request
            and response bodies, streamed or not (the response may be an array of SSE event objects or the raw
            'data: ...' text). Content arrays become text (images as [image], tool calls as
            [tool_use name] {arguments}); tool results become 'tool' messages; usage, finish reason and
            reasoning settings are kept. Optional line fields: id, status, latency_ms, endpoint, org_id,
            api_key_id, tls_fingerprint. Bad lines are reported (file:line: problem) and skipped.

            Examples:
              moat convert --in gateway.jsonl --out exchanges.jsonl
              moat convert --in gateway.jsonl.gz --out data/exchanges.jsonl.gz --provider anthropic
              zcat logs/*.gz | moat convert --in - --gzip > exchanges.jsonl.gz

            Exit codes: 0 converted (bad lines, if any, are listed on stderr), 2 usage error,
            3 input error (no line could be converted, or the input cannot be read).
            """);
        command.Options.Add(input);
        command.Options.Add(output);
        command.Options.Add(gzip);
        command.Options.Add(provider);
        command.Options.Add(quiet);
        command.SetAction(parse => Run(
            parse.GetValue(input)!,
            parse.GetValue(output)!,
            parse.GetValue(gzip),
            parse.GetValue(provider)!,
            parse.GetValue(quiet)));
        return command;
    }

    private static int Run(string inPath, string outPath, bool gzip, string providerName, bool quiet)
    {
        if (!LogProviders.TryParse(providerName, out var providerChoice))
            throw new UsageException($"--provider must be openai, anthropic or auto, not '{providerName}'");
        if (inPath != ContractInput.StdinPath && outPath != ContractInput.StdinPath &&
            string.Equals(Path.GetFullPath(inPath), Path.GetFullPath(outPath), StringComparison.Ordinal))
            throw new UsageException("--out must not be the input file");

        var report = new ReadReport();
        int printed = 0;
        report.OnDiagnostic = d =>
        {
            if (printed++ < PrintedDiagnostics) Console.Error.WriteLine($"moat convert: {d}");
        };
        var codec = new GatewayLogCodec(providerChoice);
        var progress = new Terminal.Progress(quiet);
        bool toFile = outPath != ContractInput.StdinPath;

        try
        {
            using (var writer = new RecordWriter<Exchange>(OpenOutput(outPath, gzip), ExchangeCodec.Instance))
            {
                progress.Run("Converting", update =>
                {
                    foreach (var exchange in RecordReader.Read(inPath, codec, report, maxLineBytes: MaxLineBytes))
                    {
                        writer.Write(exchange);
                        if ((writer.Count & 0x3FF) == 0) update($"{writer.Count:N0} exchanges");
                    }
                    return writer.Count;
                });
            }
        }
        catch (NoReadableRecordsException)
        {
            // Leave no empty file behind that a later step could mistake for a converted log.
            if (toFile) File.Delete(outPath);
            PrintSummary(report, codec, outPath, printed);
            throw;
        }
        PrintSummary(report, codec, outPath, printed);
        return ExitCodes.Success;
    }

    private static Stream OpenOutput(string path, bool gzip)
    {
        var stream = ContractInput.Create(path);
        // ContractInput already compresses a .gz name; --gzip covers stdout and other names.
        return gzip && (path == ContractInput.StdinPath || !ContractInput.IsGzipPath(path))
            ? new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: false)
            : stream;
    }

    private static void PrintSummary(ReadReport report, GatewayLogCodec codec, string outPath, int printed)
    {
        if (printed > PrintedDiagnostics)
            Console.Error.WriteLine($"moat convert: … {printed - PrintedDiagnostics:N0} more bad lines not shown");
        var target = outPath == ContractInput.StdinPath ? "stdout" : outPath;
        var problems = report.ProblemCounts;
        var bad = problems.Count == 0
            ? "no bad lines"
            : $"{report.BadLines:N0} bad lines ({string.Join(", ", problems.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value:N0}"))})";
        // The summary is the command's result for a person, so it shows even with --quiet (which silences progress only).
        Console.Error.WriteLine(
            $"moat convert: {report.Records:N0} exchanges to {target} (openai {codec.OpenAiLines:N0}, anthropic {codec.AnthropicLines:N0}); {bad}");
    }
}
