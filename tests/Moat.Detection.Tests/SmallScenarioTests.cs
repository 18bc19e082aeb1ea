using Moat.Detection.Scan;
using Moat.Evaluation;
using Moat.Simulation;

namespace Moat.Detection.Tests;

/// <summary>
/// The quality bars, end to end and in-process: simulate `small`, scan, evaluate. The seed
/// is not one detection was tuned on (tuning looked at seeds 1–4 and 11).
/// </summary>
public sealed class SmallScenarioTests
{
    private const long Seed = 7;

    [Fact]
    public void Small_scenario_meets_the_quality_bars()
    {
        string dir = Traffic.TempDir();
        try
        {
            var sim = TrafficSimulator.Run(SimulationOptions.FromPreset("small", Seed) with { ResponseText = ResponseTextMode.None }, Path.Combine(dir, "data"), cancel: TestContext.Current.CancellationToken);
            var options = new ScanOptions { ExchangeFiles = [sim.ExchangesPath], AccountsFile = sim.AccountsPath, SpillDirectory = dir };
            var result = new ScanPipeline(options).Run();
            string scanDir = Path.Combine(dir, "scan");
            ScanOutputWriter.Write(result, scanDir, options.Settings, DateTime.UtcNow);
            var eval = ScanFolder.Evaluate(sim.LabelsPath, scanDir);
            string table = EvalReportWriter.Table(eval);

            Assert.True(eval.Accounts.Precision >= 0.99, table);
            Assert.True(eval.Accounts.Recall >= 0.97, table);
            string[] protectedPersonas = [Personas.EnterpriseBatch, Personas.ResearchEval, Personas.AgentFramework, Personas.SharedNat, Personas.Vpn];
            foreach (var p in eval.OrganicPersonas.Where(p => protectedPersonas.Contains(p.Persona)))
                Assert.True(p.Flagged == 0, $"{p.Flagged} {p.Persona} accounts flagged\n{table}");
            foreach (var c in eval.Campaigns.Where(c => c.TrueAccounts >= 10))
                Assert.True(c.Jaccard >= 0.9, $"{c.TrueCampaign}: Jaccard {c.Jaccard:0.00}\n{table}");
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
