using System.CommandLine;

namespace Moat.Cli.Commands;

internal static class SimulateCommand
{
    public static Command Create()
    {
        var command = new Command("simulate", "Not implemented yet.");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("moat simulate: not implemented yet");
            return ExitCodes.Usage;
        });
        return command;
    }
}
