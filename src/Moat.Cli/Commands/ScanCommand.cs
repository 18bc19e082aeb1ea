using System.CommandLine;
using Moat.Cli.Terminal;
using Moat.Contract.Records;
using Moat.Detection.Scan;

namespace Moat.Cli.Commands;

internal static class ScanCommand
{
    public static Command Create()
    {
        var exchanges = new Option<string[]>("--exchanges", "-e")
        {
            Description = "Exchange log files (JSONL, plain or gzip). Several files are read in order.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var accounts = new Option<string?>("--accounts", "-a") { Description = "Account registry (accounts.jsonl). Without it, only exchange behaviour and network links are used." };
        var output = new Option<string>("--out", "-o") { Description = "Folder for campaigns.json, account_scores.jsonl, enforcement.csv and report.html.", Required = true };
        var workers = new Option<int?>("--workers") { Description = "Parse/featurise threads (default: one per core)." };
        var timings = new Option<bool>("--timings") { Description = "After the summary, print how long each phase took (reading, mining templates, scoring, linking, finding campaigns, writing) on stderr." };
        var quiet = CommonOptions.Quiet();

        var command = new Command("scan", """
            Finds distillation campaigns in an exchange log: mines prompt templates, measures each
            account's behaviour, links accounts by what they share (weighted by rarity), clusters the
            link graph into campaigns and decides an action per account. Streams the log once; memory
            grows with accounts, not exchanges.

            Examples:
              moat scan --exchanges data/exchanges.jsonl --accounts data/accounts.jsonl --out scan
              moat scan -e day1.jsonl.gz day2.jsonl.gz -a accounts.jsonl -o scan --quiet
              moat scan -e big.jsonl.gz -a accounts.jsonl -o scan --quiet --timings   # where the time goes

            Writes campaigns.json, account_scores.jsonl, enforcement.csv and report.html into --out.
            Exit codes: 0 scanned (campaigns or not), 2 usage error, 3 unreadable input.
            """)
        {
            exchanges, accounts, output, workers, timings, quiet,
        };
        command.SetAction(parse =>
        {
            var files = parse.GetValue(exchanges) ?? [];
            foreach (var f in files)
            {
                if (f == "-") throw new UsageException("scan reads files; '-' (stdin) is not supported");
                if (!File.Exists(f)) throw new InputException($"exchange file not found: {f}");
            }
            string? accountsFile = parse.GetValue(accounts);
            if (accountsFile is not null && !File.Exists(accountsFile)) throw new InputException($"account file not found: {accountsFile}");
            string outDir = parse.GetValue(output)!;
            var progress = new Progress(parse.GetValue(quiet));
            var options = new ScanOptions
            {
                ExchangeFiles = files,
                AccountsFile = accountsFile,
                Workers = parse.GetValue(workers) ?? Math.Max(1, Environment.ProcessorCount),
            };
            var clock = new PhaseClock("reading exchanges");
            var summary = progress.Run("scanning", status => ScanRunner.Run(options, outDir, clock.Wrap(status)));
            if (parse.GetValue(timings))
            {
                Console.Error.WriteLine("phase timings:");
                clock.WriteTo(Console.Error);
            }
            if (summary.Result.Exchanges == 0)
                throw new InputException($"no readable exchange ({summary.Result.ExchangeReport.Summary()})");
            Print(summary);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(ScanRunner.Summary s)
    {
        var r = s.Result;
        Console.WriteLine($"scanned {r.Exchanges:N0} exchanges from {r.Accounts.Count:N0} accounts ({r.ExchangeReport.BadLines:N0} bad lines)");
        foreach (var d in r.ExchangeReport.FirstDiagnostics.Take(5)) Console.Error.WriteLine($"  {d}");
        Console.WriteLine($"campaigns: {s.Document.Campaigns.Count}, accounts in campaigns: {s.Document.Campaigns.Sum(c => c.Accounts.Count):N0}");
        foreach (var c in s.Document.Campaigns.Take(10))
        {
            string caps = string.Join(", ", c.Capabilities.Take(3).Select(kv => $"{kv.Key} {kv.Value:P0}"));
            Console.WriteLine($"  {c.Id}  {c.Accounts.Count,5} accounts  {c.Exchanges,9:N0} exchanges  confidence {c.Confidence:0.00}  {c.RecommendedAction,-8}  {caps}");
        }
        Console.WriteLine($"report: {s.ReportPath}");
    }
}

/// <summary>Scan + outputs + report, shared by `scan` and `demo`.</summary>
internal static class ScanRunner
{
    public sealed record Summary(ScanResult Result, CampaignsDocument Document, string ReportPath);

    public static Summary Run(ScanOptions options, string outDir, Action<string> status)
    {
        var result = new ScanPipeline(options) { OnProgress = status }.Run();
        status("writing outputs");
        var document = ScanOutputWriter.Write(result, outDir, options.Settings, DateTime.UtcNow);
        string report = Moat.Reports.EvidenceReport.Write(outDir);
        return new Summary(result, document, report);
    }
}
