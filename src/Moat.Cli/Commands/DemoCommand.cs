using System.CommandLine;
using Moat.Cli.Terminal;
using Moat.Detection.Scan;
using Moat.Evaluation;
using Moat.Simulation;

namespace Moat.Cli.Commands;

internal static class DemoCommand
{
    public static Command Create()
    {
        var dir = new Option<string>("--dir", "-d") { Description = "Work folder (created; data/ and scan/ inside).", DefaultValueFactory = _ => "moat-demo" };
        var seed = new Option<long>("--seed") { Description = "Simulator seed.", DefaultValueFactory = _ => 1 };
        var scenario = new Option<string>("--scenario") { Description = "Simulator preset (small, tiny, hard).", DefaultValueFactory = _ => "small" };
        var quiet = CommonOptions.Quiet();
        var command = new Command("demo", """
            Runs Moat end to end on simulated traffic: simulates the `small` scenario (about 2,000
            accounts, 200,000 exchanges over 14 days, six hidden campaigns), scans it, evaluates the
            scan against the simulator's ground truth, and prints a summary and the report's path.

            Examples:
              moat demo
              moat demo --dir /tmp/moat-demo --seed 7
              moat demo --scenario hard

            Exit codes: 0 done, 2 usage error.
            """)
        {
            dir, seed, scenario, quiet,
        };
        command.SetAction(parse =>
        {
            string root = Path.GetFullPath(parse.GetValue(dir)!);
            string data = Path.Combine(root, "data"), scanDir = Path.Combine(root, "scan");
            var progress = new Progress(parse.GetValue(quiet));
            SimulationOptions simOptions;
            try
            {
                simOptions = SimulationOptions.FromPreset(parse.GetValue(scenario)!, parse.GetValue(seed)) with
                {
                    ResponseText = ResponseTextMode.Truncate,
                };
            }
            catch (ArgumentException e) { throw new UsageException(e.Message); }

            var sim = progress.Run("simulating", status =>
                TrafficSimulator.Run(simOptions, data, new Progress<SimulationProgress>(p => status($"day {p.Day}/{p.Days}, {p.Exchanges:N0} exchanges"))));
            var options = new ScanOptions { ExchangeFiles = [sim.ExchangesPath], AccountsFile = sim.AccountsPath };
            var scan = progress.Run("scanning", status => ScanRunner.Run(options, scanDir, status));
            var eval = ScanFolder.Evaluate(sim.LabelsPath, scanDir);

            var campaigns = scan.Document.Campaigns;
            Console.WriteLine($"simulated {sim.Exchanges:N0} exchanges from {sim.Accounts:N0} accounts ({sim.AttackAccounts:N0} in hidden campaigns) into {data}");
            Console.WriteLine($"found {campaigns.Count} campaigns: {campaigns.Sum(c => c.Accounts.Count):N0} accounts, {campaigns.Sum(c => c.Exchanges):N0} exchanges");
            foreach (var c in campaigns)
            {
                string caps = string.Join(", ", c.Capabilities.Where(kv => kv.Value >= 0.05).Take(3).Select(kv => $"{kv.Key} {kv.Value:P0}"));
                Console.WriteLine($"  {c.Id}  {c.Accounts.Count,4} accounts  {c.Exchanges,7:N0} exchanges  {c.RecommendedAction,-8}  {caps}");
            }
            var m = eval.Accounts;
            Console.WriteLine($"accounts: precision {m.Precision:0.000}, recall {m.Recall:0.000}, F1 {m.F1:0.000}; exchange-weighted recall {eval.ExchangeWeightedRecall:0.000}");
            foreach (var t in eval.Campaigns)
                Console.WriteLine($"  {t.TrueCampaign,-22} {t.TrueAccounts,4} accounts → {t.FoundCampaign ?? "not found",-15} Jaccard {t.Jaccard:0.00}");
            Console.WriteLine($"report: {scan.ReportPath}");
            return ExitCodes.Success;
        });
        return command;
    }
}
