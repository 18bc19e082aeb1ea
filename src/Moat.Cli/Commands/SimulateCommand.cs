using System.CommandLine;
using System.Globalization;
using Moat.Cli.Terminal;
using Moat.Simulation;

namespace Moat.Cli.Commands;

/// <summary><c>moat simulate</c>: labelled synthetic traffic with distillation campaigns.</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var scenario = new Option<string>("--scenario", "-s")
        {
            Description = $"Preset to start from: {string.Join(", ", SimulationPresets.Names)}.",
            DefaultValueFactory = _ => "small",
        };
        var seed = new Option<long>("--seed") { Description = "Random seed; the same seed gives byte-identical files.", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out", "-o") { Description = "Output folder (created if missing).", Required = true };
        var accounts = new Option<long?>("--accounts") { Description = "Scale all account counts to about this total." };
        var days = new Option<int?>("--days") { Description = "Days to simulate." };
        var exchanges = new Option<long?>("--exchanges") { Description = "Scale all volumes to about this many exchanges." };
        var gzip = new Option<bool>("--gzip") { Description = "Write exchanges.jsonl.gz." };
        var responseText = new Option<string?>("--response-text") { Description = "full | truncate:N | none — how much response text to log (incident defaults to truncate:200)." };
        var corpus = new Option<string?>("--corpus") { Description = "Corpus folder with organic/ and distill/ (default: $MOAT_SHARED/corpora if set, else the built-in corpus)." };
        var set = new Option<string[]>("--set") { Description = "knob=value, repeatable; see the knob list below.", AllowMultipleArgumentsPerToken = false };
        var quiet = CommonOptions.Quiet();

        var command = new Command("simulate", $"""
            Generate labelled API traffic: organic personas plus distillation campaigns.
            Writes accounts.jsonl, labels.jsonl and exchanges.jsonl (data contract v1) into --out.

            Examples:
              moat simulate --scenario small --seed 7 --out data
              moat simulate --scenario incident --out big --response-text none
              moat simulate --scenario small --out hard --set hydra.payment_reuse=0.2 --set stealth-1.accounts=40
              moat simulate --scenario small --out x --set add_campaign=grader:capability --set grader.focus=reward_grading

            Knobs for --set (<persona> = casual, developer, enterprise_batch, research_eval, agent_framework,
            shared_nat, vpn; <campaign> = a campaign id such as hydra-1, or an attack persona for all of its campaigns):
              {string.Join("\n  ", SimulationKnobs.Describe())}
            """)
        {
            scenario, seed, output, accounts, days, exchanges, gzip, responseText, corpus, set, quiet,
        };

        command.SetAction(parse =>
        {
            SimulationOptions options;
            try
            {
                options = SimulationOptions.FromPreset(parse.GetValue(scenario)!, parse.GetValue(seed));
                if (parse.GetValue(days) is { } d) options = options.WithDays(d);
                if (parse.GetValue(accounts) is { } a) options = options.WithTotalAccounts(a);
                if (parse.GetValue(exchanges) is { } x) options = options.WithTotalExchanges(x);
                if (parse.GetValue(gzip)) options = options with { Gzip = true };
                if (parse.GetValue(responseText) is { } rt) options = ApplyResponseText(options, rt);
                var corpusDir = parse.GetValue(corpus) ?? SharedCorpus();
                if (corpusDir is not null) options = options with { CorpusDir = corpusDir };
                foreach (var assignment in parse.GetValue(set) ?? []) options = SimulationKnobs.Apply(options, assignment);
                options.Validate();
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }
            if (options.CorpusDir is { } dir && !Directory.Exists(dir)) throw new InputException($"corpus folder '{dir}' does not exist");

            var outDir = parse.GetValue(output)!;
            var progress = new Progress(parse.GetValue(quiet));
            SimulationSummary summary;
            try
            {
                summary = progress.Run($"simulating {options.Scenario}", update =>
                    TrafficSimulator.Run(options, outDir, new Progress<SimulationProgress>(p =>
                        update($"day {p.Day}/{p.Days}, {p.Exchanges:N0} of about {p.TargetExchanges:N0} exchanges"))));
            }
            catch (InvalidDataException e)
            {
                throw new InputException(e.Message);
            }

            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(inv, $"wrote {summary.Exchanges:N0} exchanges, {summary.Accounts:N0} accounts ({summary.AttackAccounts:N0} attack) to {outDir} in {summary.Elapsed.TotalSeconds:F1} s ({summary.Exchanges / Math.Max(0.001, summary.Elapsed.TotalSeconds):N0} exchanges/s)"));
            foreach (var (persona, n) in summary.ExchangesByPersona) Console.WriteLine(string.Create(inv, $"  {persona,-18} {n,12:N0}"));
            foreach (var (id, n) in summary.ExchangesByCampaign) Console.WriteLine(string.Create(inv, $"  campaign {id,-20} {n,12:N0}"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static SimulationOptions ApplyResponseText(SimulationOptions options, string value)
    {
        if (value == "full") return options with { ResponseText = ResponseTextMode.Full };
        if (value == "none") return options with { ResponseText = ResponseTextMode.None };
        if (value.StartsWith("truncate:", StringComparison.Ordinal)
            && int.TryParse(value.AsSpan(9), NumberStyles.None, CultureInfo.InvariantCulture, out int chars))
            return options with { ResponseText = ResponseTextMode.Truncate, ResponseTextChars = chars };
        throw new ArgumentException($"--response-text must be full, truncate:N or none, not '{value}'");
    }

    /// <summary>MOAT_SHARED points at the shared folder; its corpora are used only when it is set.</summary>
    private static string? SharedCorpus()
    {
        var shared = Environment.GetEnvironmentVariable("MOAT_SHARED");
        if (string.IsNullOrEmpty(shared)) return null;
        var dir = Path.Combine(shared, "corpora");
        return Directory.Exists(dir) ? dir : null;
    }
}
