using System.CommandLine;
using Moat.Cli;
using Moat.Cli.Commands;

var root = new RootCommand("""
    Moat finds distillation campaigns in LLM API traffic: networks of accounts that harvest a model's
    answers at scale to train another model.

    Typical use:
      moat demo                                   simulate, scan, evaluate and report in one go
      moat simulate --scenario small --out data   generate traffic with ground truth
      moat scan --exchanges data/exchanges.jsonl --accounts data/accounts.jsonl --out scan
      moat eval --labels data/labels.jsonl --scan scan

    Exit codes: 0 success, 1 findings (validate found bad records), 2 usage error, 3 input error.
    """);

CommandCatalog.AddAll(root);

var parse = root.Parse(args);
return await CommandRunner.InvokeAsync(parse);
