using System.CommandLine;

namespace Moat.Cli.Commands;

internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Not implemented yet.");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("moat serve: not implemented yet");
            return ExitCodes.Usage;
        });
        return command;
    }
}
