using System.CommandLine;
using Moat.Cli.Terminal;
using Moat.Contract.Validation;

namespace Moat.Cli.Commands;

/// <summary><c>moat validate</c>: checks contract files against the data contract and against each other.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Files to check: exchanges, accounts or labels JSONL, plain or gzip; '-' reads stdin.",
            Arity = ArgumentArity.OneOrMore,
        };
        var kind = new Option<string?>("--kind")
        {
            Description = "Treat every file as this kind instead of sniffing it from its first valid record.",
            HelpName = "exchanges|accounts|labels",
        };
        kind.AcceptOnlyFromAmong([.. ContractKinds.All.Select(ContractKinds.Name)]);
        var maxDiagnostics = new Option<int>("--max-diagnostics")
        {
            Description = "How many bad lines to show in full per file; the rest are only counted.",
            HelpName = "N",
            DefaultValueFactory = _ => 10,
        };
        var json = CommonOptions.Json();
        var quiet = CommonOptions.Quiet();

        var command = new Command("validate", """
            Check data-contract files (exchanges.jsonl, accounts.jsonl, labels.jsonl) before a scan or eval.

            For each file: its kind, how many records are valid, how many lines are bad and why
            (malformed_json, missing_field, wrong_type, invalid_value, invalid_utf8, line_too_long,
            truncated_stream, corrupt_stream, ...), and the first bad lines with their line numbers.
            With several files it also checks them against each other, e.g. exchanges whose account_id
            is not in accounts.jsonl; those are warnings and do not change the exit code.

            Examples:
              moat validate data/exchanges.jsonl.gz
              moat validate data/exchanges.jsonl data/accounts.jsonl data/labels.jsonl
              zcat big.jsonl.gz | moat validate --kind exchanges -
              moat validate --json data/*.jsonl > validation.json

            Exit codes: 0 every file clean, 1 some lines are bad (they would be skipped by scan),
            3 a file cannot be opened or has no valid record at all, 2 usage error.
            """);
        command.Arguments.Add(paths);
        command.Options.Add(kind);
        command.Options.Add(maxDiagnostics);
        command.Options.Add(json);
        command.Options.Add(quiet);
        command.SetAction(parse => Run(
            parse.GetValue(paths) ?? [],
            parse.GetValue(kind),
            parse.GetValue(maxDiagnostics),
            parse.GetValue(json),
            parse.GetValue(quiet)));
        return command;
    }

    private static int Run(string[] paths, string? kindName, int maxDiagnostics, bool jsonOutput, bool quiet)
    {
        if (maxDiagnostics < 0) throw new UsageException("--max-diagnostics must be 0 or more");
        if (paths.Count(p => p == "-") > 1) throw new UsageException("stdin ('-') can be given only once");
        ContractKind? kind = null;
        if (kindName is not null)
        {
            if (!ContractKinds.TryParse(kindName, out var k)) throw new UsageException($"unknown --kind '{kindName}'");
            kind = k;
        }
        var progress = new Progress(quiet);
        var result = progress.Run("validating", status =>
            new ContractValidator(new ValidationOptions
            {
                Kind = kind,
                KeepDiagnostics = maxDiagnostics,
                OnProgress = progress.Enabled ? (path, line) => status($"{path}: {line:N0} lines") : null,
            }).Validate(paths, file =>
            {
                // Text output streams per file, so a long run shows each result as soon as it is known.
                if (!jsonOutput) ValidationRendering.WriteFileText(Console.Out, file);
            }));
        if (jsonOutput)
        {
            // Through Console.Out (not the raw stdout stream) so that it stays ordered with any other output.
            var json = new MemoryStream();
            ValidationRendering.WriteJson(json, result);
            Console.Out.WriteLine(System.Text.Encoding.UTF8.GetString(json.GetBuffer(), 0, (int)json.Length));
        }
        else
        {
            ValidationRendering.WriteSummaryText(Console.Out, result);
        }
        return ExitCode(result.Outcome);
    }

    public static int ExitCode(ValidationOutcome outcome) => outcome switch
    {
        ValidationOutcome.Clean => ExitCodes.Success,
        ValidationOutcome.BadRecords => ExitCodes.Findings,
        _ => ExitCodes.InputError,
    };
}
