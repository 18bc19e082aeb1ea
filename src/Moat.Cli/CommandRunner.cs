using System.CommandLine;
using Moat.Contract.Io;

namespace Moat.Cli;

/// <summary>Runs the parsed command and maps failures to documented exit codes.</summary>
internal static class CommandRunner
{
    public static async Task<int> InvokeAsync(ParseResult parse)
    {
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"moat: {error.Message}");
            Console.Error.WriteLine("Try 'moat --help' or 'moat COMMAND --help'.");
            return ExitCodes.Usage;
        }
        try
        {
            // Without this, System.CommandLine's own handler catches every exception, prints a stack
            // trace and returns 1, so UsageException/InputException never reached the mapping below.
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"moat: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (NoReadableRecordsException e)
        {
            Console.Error.WriteLine($"moat: input error: {e.Message}");
            foreach (var d in e.Report.FirstDiagnostics.Take(5)) Console.Error.WriteLine($"  {d}");
            return ExitCodes.InputError;
        }
        catch (InputException e)
        {
            Console.Error.WriteLine($"moat: input error: {e.Message}");
            return ExitCodes.InputError;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"moat: input error: {e.Message}");
            return ExitCodes.InputError;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Anything else is a bug: say so, give the trace for the report, and keep exit code 70 documented.
            Console.Error.WriteLine($"moat: internal error (please report): {e}");
            return ExitCodes.InternalError;
        }
    }
}

/// <summary>The user asked for something that cannot be done as asked (exit 2).</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>The input cannot be used (exit 3).</summary>
public sealed class InputException(string message) : Exception(message);
