using System.Globalization;
using System.Text.Json;
using Moat.Contract.Json;

namespace Moat.Reports.Loading;

/// <summary>
/// Lenient field access for campaigns.json: a missing or mistyped field yields null instead of an
/// exception, so one odd campaign cannot take the whole report down.
/// </summary>
internal static class JsonRead
{
    public static string? String(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;

    public static double? Double(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d)
            ? d
            : null;

    public static long? Long(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Number) return null;
        if (v.TryGetInt64(out var l)) return l;
        return v.TryGetDouble(out var d) && double.IsFinite(d) ? (long)Math.Round(d) : null;
    }

    public static DateTime? Timestamp(JsonElement e, string name) =>
        String(e, name) is { } s && Rfc3339.TryParse(s, out var ts) ? ts : null;

    public static DateOnly? Day(string? s) =>
        s is not null && DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public static bool TryArray(JsonElement e, string name, out JsonElement array)
    {
        if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out array) && array.ValueKind == JsonValueKind.Array) return true;
        array = default;
        return false;
    }

    public static bool Has(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;
}
