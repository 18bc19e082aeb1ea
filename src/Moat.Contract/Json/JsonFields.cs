using System.Text.Json;
using Moat.Contract.Io;

namespace Moat.Contract.Json;

/// <summary>
/// Typed reads of the current JSON value with contract diagnostics: a wrong type names the field
/// and what was found, so that a user can fix the producer of the file.
/// </summary>
internal static class JsonFields
{
    public static string RequiredString(ref Utf8JsonReader r, string field)
    {
        if (r.TokenType != JsonTokenType.String) throw WrongType(field, "string", r.TokenType);
        return r.GetString()!;
    }

    public static string? OptionalString(ref Utf8JsonReader r, string field)
    {
        if (r.TokenType == JsonTokenType.Null) return null;
        if (r.TokenType != JsonTokenType.String) throw WrongType(field, "string", r.TokenType);
        return r.GetString();
    }

    public static DateTime Timestamp(ref Utf8JsonReader r, string field)
    {
        if (r.TokenType != JsonTokenType.String) throw WrongType(field, "timestamp string", r.TokenType);
        bool ok = r.HasValueSequence || r.ValueIsEscaped
            ? Rfc3339.TryParse(r.GetString()!, out var ts)
            : Rfc3339.TryParse(r.ValueSpan, out ts);
        if (!ok) throw new RecordFormatException(ReadProblems.InvalidValue, $"field '{field}': not an RFC 3339 timestamp");
        return ts;
    }

    public static int? OptionalInt(ref Utf8JsonReader r, string field)
    {
        if (r.TokenType == JsonTokenType.Null) return null;
        return RequiredInt(ref r, field);
    }

    public static int RequiredInt(ref Utf8JsonReader r, string field)
    {
        if (r.TokenType != JsonTokenType.Number) throw WrongType(field, "integer", r.TokenType);
        if (r.TryGetInt32(out int v)) return v;
        // Producers sometimes write 12.0 for an integer; accept whole numbers, reject the rest.
        if (r.TryGetDouble(out double d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue) return (int)d;
        throw new RecordFormatException(ReadProblems.InvalidValue, $"field '{field}': not a 32-bit integer");
    }

    public static double? OptionalDouble(ref Utf8JsonReader r, string field)
    {
        if (r.TokenType == JsonTokenType.Null) return null;
        if (r.TokenType != JsonTokenType.Number) throw WrongType(field, "number", r.TokenType);
        return r.GetDouble();
    }

    public static bool? OptionalBool(ref Utf8JsonReader r, string field)
    {
        return r.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => throw WrongType(field, "boolean", r.TokenType),
        };
    }

    public static void ExpectStartObject(ref Utf8JsonReader r, string field)
    {
        if (r.TokenType != JsonTokenType.StartObject) throw WrongType(field, "object", r.TokenType);
    }

    public static RecordFormatException Missing(string field) =>
        new(ReadProblems.MissingField, $"required field '{field}' is missing");

    public static RecordFormatException WrongType(string field, string expected, JsonTokenType found) =>
        new(ReadProblems.WrongType, $"field '{field}': expected {expected}, found {Describe(found)}");

    private static string Describe(JsonTokenType t) => t switch
    {
        JsonTokenType.StartObject => "object",
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => t.ToString(),
    };

    /// <summary>Reads the next token; a line that ends early is malformed JSON.</summary>
    public static void Next(ref Utf8JsonReader r)
    {
        if (!r.Read()) throw new RecordFormatException(ReadProblems.MalformedJson, "unexpected end of line");
    }

    /// <summary>Skips the value the reader is on (after a property name has been read).</summary>
    public static void SkipValue(ref Utf8JsonReader r)
    {
        if (r.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) r.Skip();
    }
}
