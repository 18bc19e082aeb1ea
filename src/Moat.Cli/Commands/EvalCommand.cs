using System.CommandLine;

namespace Moat.Cli.Commands;

internal static class EvalCommand
{
    public static Command Create()
    {
        var command = new Command("eval", "Not implemented yet.");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("moat eval: not implemented yet");
            return ExitCodes.Usage;
        });
        return command;
    }
}
