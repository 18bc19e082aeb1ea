namespace Moat.Cli;

/// <summary>Exit codes scripts can rely on; documented in README.md and every command's help.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>The command ran, but found what it was asked to look for (e.g. validate found bad records).</summary>
    public const int Findings = 1;
    public const int Usage = 2;
    public const int InputError = 3;
    /// <summary>An unexpected internal failure: a bug to report.</summary>
    public const int InternalError = 70;
}
