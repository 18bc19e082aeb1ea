using System.CommandLine;
using Moat.Cli.Commands;

namespace Moat.Cli;

/// <summary>The <c>moat</c> command line: built here so that Program and the CLI tests run the same thing.</summary>
internal static class MoatRootCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("""
            Moat finds distillation campaigns in LLM API traffic: networks of accounts that harvest a model's
            answers at scale to train another model.

            Typical use:
              moat demo                                   simulate, scan, evaluate and report in one go
              moat simulate --scenario small --out data   generate traffic with ground truth
              moat validate data/exchanges.jsonl data/accounts.jsonl
                                                          check files against the data contract first
              moat scan --exchanges data/exchanges.jsonl --accounts data/accounts.jsonl --out scan
              moat eval --labels data/labels.jsonl --scan scan

            Input files are JSON lines, plain or gzip (detected by content); '-' reads stdin. Bad lines are
            skipped with a diagnostic (file, line, reason) and counted; they never stop a run.
            Run 'moat COMMAND --help' for a command's options and examples.

            Exit codes: 0 success, 1 findings (e.g. validate found bad records), 2 usage error,
            3 input error (a file cannot be opened or has no readable record), 70 internal error.
            """);
        CommandCatalog.AddAll(root);
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>, returning the exit code.</summary>
    public static Task<int> RunAsync(string[] args) => CommandRunner.InvokeAsync(Create().Parse(args));
}
