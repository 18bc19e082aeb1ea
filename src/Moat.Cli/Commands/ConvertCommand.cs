using System.CommandLine;

namespace Moat.Cli.Commands;

internal static class ConvertCommand
{
    public static Command Create()
    {
        var command = new Command("convert", "Not implemented yet.");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("moat convert: not implemented yet");
            return ExitCodes.Usage;
        });
        return command;
    }
}
