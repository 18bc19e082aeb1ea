using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Moat.Reports.Page;

/// <summary>
/// The page's static parts, embedded in this assembly so a report never fetches anything: the
/// vendored ECharts build, the page script and the style sheet, each with the CSP hash that allows it.
/// </summary>
internal sealed class PageAssets
{
    private static readonly Lazy<PageAssets> Loaded = new(Load);

    public static PageAssets Instance => Loaded.Value;

    public required byte[] Echarts { get; init; }
    public required byte[] Script { get; init; }
    public required byte[] Style { get; init; }
    public required string EchartsHash { get; init; }
    public required string ScriptHash { get; init; }
    public required string StyleHash { get; init; }

    private static PageAssets Load()
    {
        var echarts = Resource("Moat.Reports.echarts.min.js");
        var script = Resource("Moat.Reports.report.js");
        var style = Resource("Moat.Reports.report.css");
        foreach (var (name, bytes) in new[] { ("echarts.min.js", echarts), ("report.js", script) })
        {
            // An inline script cannot contain "</script" (it would end the element early).
            if (Encoding.UTF8.GetString(bytes).Contains("</script", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"{name} contains \"</script\" and cannot be inlined");
        }
        return new PageAssets
        {
            Echarts = echarts, Script = script, Style = style,
            EchartsHash = Hash(echarts), ScriptHash = Hash(script), StyleHash = Hash(style),
        };
    }

    /// <summary>The CSP source expression of an inline element's exact content.</summary>
    public static string Hash(ReadOnlySpan<byte> content) => "'sha256-" + Convert.ToBase64String(SHA256.HashData(content)) + "'";

    private static byte[] Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing from Moat.Reports");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
