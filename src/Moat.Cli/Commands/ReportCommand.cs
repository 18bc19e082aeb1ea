using System.CommandLine;
using Moat.Cli.Terminal;
using Moat.Contract.Records;
using Moat.Reports;
using Moat.Reports.Building;

namespace Moat.Cli.Commands;

/// <summary><c>moat report</c>: rebuilds report.html from an existing scan folder.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var scan = new Option<string>("--scan")
        {
            Description = "The scan folder (the --out of `moat scan`); must contain campaigns.json.",
            Required = true,
        };
        var output = new Option<string?>("--out", "-o")
        {
            Description = "Where to write the page (default: report.html inside the scan folder).",
        };
        var quiet = CommonOptions.Quiet();
        var command = new Command("report", """
            Rebuild the self-contained HTML evidence report (report.html) from a scan folder.

            The page reads campaigns.json and, when present, account_scores.jsonl and enforcement.csv.
            It is one file that works offline (charts and scripts are inlined), safe to attach to a
            message: prompt text is shown as text, never run.

            Examples:
              moat report --scan scan                       writes scan/report.html
              moat report --scan scan --out case-42.html    writes case-42.html

            Exit codes: 0 written, 2 usage error, 3 the folder has no campaigns.json or it is unreadable.
            """)
        {
            scan, output, quiet,
        };
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(scan)!;
            if (!Directory.Exists(dir)) throw new InputException($"scan folder not found: {dir}");
            if (!File.Exists(Path.Combine(dir, ScanOutputFiles.Campaigns)))
                throw new InputException($"{dir} has no {ScanOutputFiles.Campaigns}; pass the --out folder of `moat scan`");
            var target = parse.GetValue(output) ?? Path.Combine(dir, ScanOutputFiles.Report);
            var progress = new Progress(parse.GetValue(quiet));
            string written;
            try
            {
                written = progress.Run("Building report", _ => EvidenceReport.Write(dir, target, ReportLimits.Default));
            }
            catch (InvalidDataException e)
            {
                throw new InputException(e.Message);
            }
            Console.Out.WriteLine(written);
            return ExitCodes.Success;
        });
        return command;
    }
}
