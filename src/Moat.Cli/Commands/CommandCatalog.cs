using System.CommandLine;

namespace Moat.Cli.Commands;

/// <summary>Every command of the CLI, one file each; this is the only place that lists them.</summary>
internal static class CommandCatalog
{
    public static void AddAll(RootCommand root)
    {
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        root.Subcommands.Add(ScanCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(ConvertCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
    }
}
