namespace Moat.Reports.Tests.Fixtures;

/// <summary>Finds the repository root (the folder with Moat.slnx) from the test's output folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = Find();

    public static string Artifacts => Path.Combine(Root, "artifacts");

    public static string BrowserCheck => Path.Combine(Root, "tests", "Moat.Reports.Tests", "browser");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Moat.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"no Moat.slnx above {AppContext.BaseDirectory}");
    }
}
