using System.Reflection;
using Moat.Contract.Io;
using Moat.Contract.Json;

namespace Moat.Ingest.Tests;

/// <summary>`moat convert` end to end, run in-process: files in, contract file out, exit codes.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConvertCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("moat-convert-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Exit, string Stderr) Moat(params string[] args)
    {
        var entry = typeof(Moat.Cli.ExitCodes).Assembly.EntryPoint!;
        var stderr = new StringWriter();
        var saved = Console.Error;
        Console.SetError(stderr);
        try
        {
            var result = entry.Invoke(null, [args]);
            int exit = result is Task<int> task ? task.GetAwaiter().GetResult() : (int)result!;
            return (exit, stderr.ToString());
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
        finally
        {
            Console.SetError(saved);
        }
    }

    private string WriteLog(params string[] lines)
    {
        var path = Path.Combine(_dir, "gateway.jsonl");
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    [Fact]
    public void Converts_documented_examples_of_both_providers_to_a_gzip_contract_file()
    {
        var input = WriteLog(
            Fixture.Line("openai/chat.request.json", "openai/chat.response.json"),
            Fixture.Line("openai/stream.request.json", "openai/stream.response.sse"),
            "{oops",
            Fixture.Line("anthropic/thinking-stream.request.json", "anthropic/thinking-stream.response.sse", StreamForm.EventArray),
            Fixture.Line("anthropic/tool-result.request.json", "anthropic/tool-result.response.json"));
        var output = Path.Combine(_dir, "out", "exchanges.jsonl.gz");

        var (exit, stderr) = Moat("convert", "--in", input, "--out", output, "--quiet");

        Assert.Equal(0, exit);
        Assert.Contains($"{input}:3: malformed_json", stderr);
        Assert.Contains("4 exchanges to", stderr);
        Assert.Contains("(openai 2, anthropic 2)", stderr);
        Assert.Contains("1 bad lines (malformed_json 1)", stderr);
        using (var raw = File.OpenRead(output)) Assert.Equal(0x1F, raw.ReadByte()); // gzip by the .gz name
        var report = new ReadReport();
        var exchanges = RecordReader.Read(output, ExchangeCodec.Instance, report).ToList();
        Assert.Equal(0, report.BadLines);
        Assert.Equal(
            ["chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", "chatcmpl-123", "msg_01XYZ9thinkstream", "msg_01ToolResultAnswer"],
            exchanges.Select(e => e.Id));
        Assert.Equal(9, exchanges[1].Response.OutputTokens);
        Assert.Equal("27 * 453 = 12,231", exchanges[2].Response.Text);
        Assert.Equal("tool", exchanges[3].Request.Messages[2].Role);
    }

    [Fact]
    public void Nothing_convertible_is_exit_3_and_leaves_no_output()
    {
        var input = WriteLog("{oops", "[]");
        var output = Path.Combine(_dir, "exchanges.jsonl");

        var (exit, stderr) = Moat("convert", "--in", input, "--out", output);

        Assert.Equal(3, exit);
        Assert.Contains("no readable record", stderr);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Forced_provider_and_bad_options()
    {
        var input = WriteLog(Fixture.Line("openai/chat.request.json", null, edit: l =>
        {
            l["request"] = System.Text.Json.Nodes.JsonNode.Parse("""{"model":"m","max_tokens":9,"messages":[{"role":"user","content":"hi"}]}""");
            l["status"] = 200;
        }));
        var output = Path.Combine(_dir, "exchanges.jsonl");

        Assert.Equal(0, Moat("convert", "--in", input, "--out", output, "--provider", "openai").Exit);
        Assert.Contains("\"endpoint\":\"/v1/chat/completions\"", File.ReadAllText(output));
        Assert.Equal(2, Moat("convert", "--in", input, "--provider", "gemini").Exit);
        Assert.Equal(2, Moat("convert", "--out", output).Exit); // --in is required
        Assert.Equal(2, Moat("convert", "--in", input, "--out", input).Exit);
    }
}

/// <summary>Tests that swap <see cref="Console.Error"/> must not run alongside each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "console";
}
