using System.Text.Json;
using System.Text.RegularExpressions;

namespace Moat.Reports.Tests.Fixtures;

/// <summary>Takes a written report.html apart the way a browser would: inline scripts, the data block, the CSP.</summary>
public sealed partial class PageParts
{
    public PageParts(string html)
    {
        Html = html;
        var scripts = ScriptRegex().Matches(html);
        Scripts = [.. scripts.Select(m => (Attributes: m.Groups[1].Value, Body: m.Groups[2].Value))];
        Data = Scripts.Single(s => s.Attributes.Contains("application/json")).Body;
        Csp = CspRegex().Match(html).Groups[1].Value;
    }

    public string Html { get; }
    /// <summary>Every script element as the HTML tokenizer sees it: it ends at the first "&lt;/script".</summary>
    public IReadOnlyList<(string Attributes, string Body)> Scripts { get; }
    public string Data { get; }
    public string Csp { get; }

    public JsonDocument ParseData() => JsonDocument.Parse(Data);

    /// <summary>Every string value in a JSON tree.</summary>
    public static IEnumerable<string> AllStrings(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String: yield return e.GetString()!; break;
            case JsonValueKind.Array: foreach (var x in e.EnumerateArray()) foreach (var s in AllStrings(x)) yield return s; break;
            case JsonValueKind.Object: foreach (var p in e.EnumerateObject()) foreach (var s in AllStrings(p.Value)) yield return s; break;
        }
    }

    [GeneratedRegex("<script([^>]*)>(.*?)</script", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ScriptRegex();

    [GeneratedRegex("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\"")]
    private static partial Regex CspRegex();
}
