using System.CommandLine;
using Moat.Contract.Records;
using Moat.Evaluation;

namespace Moat.Cli.Commands;

internal static class EvalCommand
{
    public static Command Create()
    {
        var labels = new Option<string>("--labels", "-l") { Description = "Ground truth (labels.jsonl, as written by `moat simulate`).", Required = true };
        var scan = new Option<string>("--scan", "-s") { Description = "A scan folder written by `moat scan --out`.", Required = true };
        var json = CommonOptions.Json();
        var command = new Command("eval", """
            Scores a scan against ground truth: account precision, recall and F1 (flagged = in a
            campaign or an action other than allow), the false-positive rate of each organic persona,
            the best-matching found campaign (Jaccard) for every true campaign, and exchange-weighted
            recall.

            Examples:
              moat eval --labels data/labels.jsonl --scan scan
              moat eval -l data/labels.jsonl -s scan --json > eval.json

            Exit codes: 0 evaluated, 2 usage error, 3 unreadable input.
            """)
        {
            labels, scan, json,
        };
        command.SetAction(parse =>
        {
            string labelsPath = parse.GetValue(labels)!, scanDir = parse.GetValue(scan)!;
            if (!File.Exists(labelsPath)) throw new InputException($"labels file not found: {labelsPath}");
            if (!File.Exists(Path.Combine(scanDir, ScanOutputFiles.Campaigns)))
                throw new InputException($"not a scan folder (no {ScanOutputFiles.Campaigns}): {scanDir}");
            var report = ScanFolder.Evaluate(labelsPath, scanDir);
            Console.Write(parse.GetValue(json) ? EvalReportWriter.Json(report) + "\n" : EvalReportWriter.Table(report));
            return ExitCodes.Success;
        });
        return command;
    }
}
