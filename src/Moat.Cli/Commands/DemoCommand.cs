using System.CommandLine;

namespace Moat.Cli.Commands;

internal static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo", "Not implemented yet.");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("moat demo: not implemented yet");
            return ExitCodes.Usage;
        });
        return command;
    }
}
