using System.CommandLine;

namespace Moat.Cli.Commands;

internal static class ReportCommand
{
    public static Command Create()
    {
        var command = new Command("report", "Not implemented yet.");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("moat report: not implemented yet");
            return ExitCodes.Usage;
        });
        return command;
    }
}
