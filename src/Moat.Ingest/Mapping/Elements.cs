using System.Text.Json;
using Moat.Contract.Io;

namespace Moat.Ingest.Mapping;

/// <summary>
/// Typed reads of provider JSON with contract diagnostics: a wrong type names the field path and what
/// was found, so that whoever wrote the gateway log can fix it. Absent and <c>null</c> mean the same.
/// </summary>
internal static class Elements
{
    public static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
            return true;
        value = default;
        return false;
    }

    public static string? OptionalString(JsonElement obj, string name, string field)
    {
        if (!TryGet(obj, name, out var v)) return null;
        if (v.ValueKind != JsonValueKind.String) throw WrongType(field, "string", v.ValueKind);
        return v.GetString();
    }

    /// <summary>Like <see cref="OptionalString"/> but never rejects the line: for fields Moat only uses as hints.</summary>
    public static string? LenientString(JsonElement obj, string name) =>
        TryGet(obj, name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static bool StringEquals(JsonElement obj, string name, string expected) =>
        TryGet(obj, name, out var v) && v.ValueKind == JsonValueKind.String && v.ValueEquals(expected);

    public static int? OptionalInt(JsonElement obj, string name, string field)
    {
        if (!TryGet(obj, name, out var v)) return null;
        if (v.ValueKind != JsonValueKind.Number) throw WrongType(field, "integer", v.ValueKind);
        if (v.TryGetInt32(out int i)) return i;
        // Producers sometimes write 12.0 for an integer; accept whole numbers, reject the rest.
        if (v.TryGetDouble(out double d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue) return (int)d;
        throw new RecordFormatException(ReadProblems.InvalidValue, $"field '{field}': not a 32-bit integer");
    }

    /// <summary>
    /// An integer that gateways write in many ways: <c>812</c>, <c>812.4</c> (rounded) or <c>"812"</c>.
    /// Used for the line's own <c>status</c> and <c>latency_ms</c>, where rejecting the exchange over the
    /// number's spelling would lose more than it protects.
    /// </summary>
    public static int? FlexibleInt(JsonElement obj, string name, string field)
    {
        if (!TryGet(obj, name, out var v)) return null;
        double d;
        if (v.ValueKind == JsonValueKind.Number) d = v.GetDouble();
        else if (v.ValueKind == JsonValueKind.String &&
                 double.TryParse(v.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out d)) { }
        else throw WrongType(field, "integer", v.ValueKind);
        if (double.IsFinite(d) && d is >= int.MinValue and <= int.MaxValue) return (int)Math.Round(d, MidpointRounding.AwayFromZero);
        throw Invalid(field, "not a 32-bit integer");
    }

    /// <summary>Token counts are only informative: a malformed one is dropped rather than costing the exchange.</summary>
    public static int? LenientInt(JsonElement obj, string name) =>
        TryGet(obj, name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i : null;

    public static double? OptionalDouble(JsonElement obj, string name, string field)
    {
        if (!TryGet(obj, name, out var v)) return null;
        if (v.ValueKind != JsonValueKind.Number) throw WrongType(field, "number", v.ValueKind);
        return v.GetDouble();
    }

    public static bool? OptionalBool(JsonElement obj, string name, string field)
    {
        if (!TryGet(obj, name, out var v)) return null;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw WrongType(field, "boolean", v.ValueKind),
        };
    }

    public static int ArrayLength(JsonElement obj, string name, string field)
    {
        if (!TryGet(obj, name, out var v)) return 0;
        if (v.ValueKind != JsonValueKind.Array) throw WrongType(field, "array", v.ValueKind);
        return v.GetArrayLength();
    }

    public static RecordFormatException Missing(string field) =>
        new(ReadProblems.MissingField, $"required field '{field}' is missing");

    public static RecordFormatException WrongType(string field, string expected, JsonValueKind found) =>
        new(ReadProblems.WrongType, $"field '{field}': expected {expected}, found {Describe(found)}");

    public static RecordFormatException Invalid(string field, string why) =>
        new(ReadProblems.InvalidValue, $"field '{field}': {why}");

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}
