using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Moat.Ingest.Streaming;

/// <summary>String values of a <see cref="Utf8JsonReader"/> without a string per value: stream deltas are many and small.</summary>
internal static class JsonText
{
    private const int StackChars = 256;

    /// <summary>Appends the current string token (unescaped) to <paramref name="sb"/>; returns the number of chars.</summary>
    public static int Append(ref Utf8JsonReader r, StringBuilder sb)
    {
        // UTF-8 never decodes to more UTF-16 chars than it has bytes, and escapes only shrink.
        int max = r.HasValueSequence ? checked((int)r.ValueSequence.Length) : r.ValueSpan.Length;
        if (max <= StackChars)
        {
            Span<char> buffer = stackalloc char[StackChars];
            int n = r.CopyString(buffer);
            sb.Append(buffer[..n]);
            return n;
        }
        var rented = ArrayPool<char>.Shared.Rent(max);
        try
        {
            int n = r.CopyString(rented);
            sb.Append(rented, 0, n);
            return n;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>The number of chars of the current string token, without materialising it.</summary>
    public static int CharCount(ref Utf8JsonReader r)
    {
        if (!r.ValueIsEscaped && !r.HasValueSequence) return Encoding.UTF8.GetCharCount(r.ValueSpan);
        int max = r.HasValueSequence ? checked((int)r.ValueSequence.Length) : r.ValueSpan.Length;
        var rented = ArrayPool<char>.Shared.Rent(max);
        try
        {
            return r.CopyString(rented);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    public static string? OptionalString(ref Utf8JsonReader r) =>
        r.TokenType == JsonTokenType.String ? r.GetString() : null;

    public static int? OptionalInt(ref Utf8JsonReader r) =>
        r.TokenType == JsonTokenType.Number && r.TryGetInt32(out int v) ? v : null;

    /// <summary>Moves to the value of the property the reader is on; throws on a truncated event.</summary>
    public static void Value(ref Utf8JsonReader r)
    {
        if (!r.Read()) throw new JsonException("event ends early");
    }

    /// <summary>Skips the value of the property the reader is on.</summary>
    public static void SkipValue(ref Utf8JsonReader r)
    {
        Value(ref r);
        r.Skip();
    }

    /// <summary>Reads an error object <c>{ "type", "code", "message" }</c> into the HTTP status it stands for.</summary>
    public static int ReadErrorStatus(ref Utf8JsonReader r)
    {
        if (r.TokenType != JsonTokenType.StartObject)
        {
            r.Skip();
            return Mapping.ErrorStatuses.Unknown;
        }
        string? type = null, code = null;
        int? numeric = null;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("type"u8)) { Value(ref r); type = OptionalString(ref r); }
            else if (r.ValueTextEquals("code"u8))
            {
                Value(ref r);
                code = OptionalString(ref r);
                numeric = OptionalInt(ref r);
            }
            else if (r.ValueTextEquals("status"u8)) { Value(ref r); numeric ??= OptionalInt(ref r); }
            else SkipValue(ref r);
        }
        return Mapping.ErrorStatuses.From(type, code, numeric);
    }
}
