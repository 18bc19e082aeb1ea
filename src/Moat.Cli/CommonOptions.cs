using System.CommandLine;

namespace Moat.Cli;

/// <summary>Options shared by several commands, so they read the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<bool> Quiet() => new("--quiet", "-q") { Description = "No progress on stderr (it is also off when stderr is not a terminal)." };

    public static Option<bool> Json() => new("--json") { Description = "Print machine-readable JSON on stdout instead of a table." };
}
