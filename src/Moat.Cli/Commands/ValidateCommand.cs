using System.CommandLine;

namespace Moat.Cli.Commands;

internal static class ValidateCommand
{
    public static Command Create()
    {
        var command = new Command("validate", "Not implemented yet.");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("moat validate: not implemented yet");
            return ExitCodes.Usage;
        });
        return command;
    }
}
