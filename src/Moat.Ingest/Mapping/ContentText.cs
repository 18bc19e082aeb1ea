using System.Text;
using System.Text.Json;

namespace Moat.Ingest.Mapping;

/// <summary>
/// Renders request message content — a string or an array of parts — as the plain text the contract
/// keeps. Parts are separated by a newline; media become placeholders such as <c>[image]</c>, so that
/// a prompt's shape survives without its bytes.
/// </summary>
internal static class ContentText
{
    [ThreadStatic] private static StringBuilder? t_cached;

    public static StringBuilder Rent()
    {
        var sb = t_cached ?? new StringBuilder(256);
        t_cached = null;
        sb.Clear();
        return sb;
    }

    public static string ToStringAndReturn(StringBuilder sb)
    {
        var text = sb.ToString();
        if (sb.Capacity <= 1 << 20) t_cached = sb;
        return text;
    }

    public static void AppendPart(StringBuilder sb, ReadOnlySpan<char> text)
    {
        if (sb.Length > 0) sb.Append('\n');
        sb.Append(text);
    }

    public static void AppendPlaceholder(StringBuilder sb, string kind)
    {
        if (sb.Length > 0) sb.Append('\n');
        sb.Append('[').Append(kind).Append(']');
    }

    public static void AppendToolUse(StringBuilder sb, string? name, string? arguments)
    {
        if (sb.Length > 0) sb.Append('\n');
        sb.Append("[tool_use");
        if (!string.IsNullOrEmpty(name)) sb.Append(' ').Append(name);
        sb.Append("] ").Append(string.IsNullOrEmpty(arguments) ? "{}" : arguments);
    }

    /// <summary>The text of a part's <c>type</c>, for a placeholder of an unknown part; <c>part</c> when absent.</summary>
    public static string PartType(JsonElement part) =>
        Elements.LenientString(part, "type") is { Length: > 0 } type ? type : "part";

    /// <summary>Tool arguments or inputs as compact text: strings as they are, objects as JSON.</summary>
    public static string? Arguments(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Undefined or JsonValueKind.Null => null,
        _ => value.GetRawText(),
    };
}
