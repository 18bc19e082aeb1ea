using System.CommandLine;

namespace Moat.Cli.Commands;

internal static class ScanCommand
{
    public static Command Create()
    {
        var command = new Command("scan", "Not implemented yet.");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("moat scan: not implemented yet");
            return ExitCodes.Usage;
        });
        return command;
    }
}
