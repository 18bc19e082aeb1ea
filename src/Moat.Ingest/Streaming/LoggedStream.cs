using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using static Moat.Ingest.Mapping.Elements;

namespace Moat.Ingest.Streaming;

/// <summary>
/// The ways gateways log a streamed response, fed into an assembler: the raw SSE text as one string;
/// an array of the event objects; an array of <c>{ "event", "data" }</c> wrappers; or an array of SSE
/// text pieces — one per line (line ends stripped) or one per network read (split anywhere).
/// </summary>
public static class LoggedStream
{
    /// <summary>Feeds <paramref name="response"/> (a JSON string or array) into <paramref name="assembler"/>.</summary>
    public static void Feed(StreamAssembler assembler, JsonElement response)
    {
        if (response.ValueKind == JsonValueKind.String)
        {
            // Complete() ends a last line or event that lacks its line end.
            WithText(response, assembler, static (a, text) => a.AppendSse(text));
            return;
        }
        if (response.ValueKind != JsonValueKind.Array) throw WrongType("response", "SSE text or array of events", response.ValueKind);

        var pieces = new PieceJoiner(assembler);
        foreach (var item in response.EnumerateArray())
        {
            switch (item.ValueKind)
            {
                case JsonValueKind.Object:
                    pieces.EndLine();
                    FeedEventObject(assembler, item);
                    break;
                case JsonValueKind.String:
                    WithText(item, pieces, static (p, text) => p.Add(text));
                    break;
                default:
                    throw WrongType("response[]", "event object or SSE text", item.ValueKind);
            }
        }
        pieces.EndLine();
    }

    private static void FeedEventObject(StreamAssembler assembler, JsonElement item)
    {
        // { "event": "...", "data": {...} or "{...}" } wrappers are unwrapped; a bare event is used as it is.
        if (!TryGet(item, "data", out var data) || TryGet(item, "type", out _) || TryGet(item, "choices", out _))
        {
            assembler.AddEvent(item);
            return;
        }
        if (data.ValueKind == JsonValueKind.Object) assembler.AddEvent(data);
        else if (data.ValueKind == JsonValueKind.String)
            WithText(data, assembler, static (a, text) => { if (!text.Trim(" \t\r\n"u8).SequenceEqual("[DONE]"u8)) a.AddEvent(text); });
        else throw WrongType("response[].data", "event object or JSON text", data.ValueKind);
    }

    /// <summary>
    /// Joins SSE text pieces. A piece that does not end its line is continued by the next one, unless the
    /// next starts a new line itself (<c>data:</c>, <c>event:</c>, or an empty piece, the blank line):
    /// pieces logged one per line lose their line ends, pieces logged one per read split lines anywhere.
    /// </summary>
    private sealed class PieceJoiner(StreamAssembler assembler)
    {
        private bool _open;

        public void Add(ReadOnlySpan<byte> text)
        {
            if (!_open)
            {
                var trimmed = text.TrimStart(" \t\r\n"u8);
                // A piece holding one event's JSON without its "data:" prefix.
                if (!trimmed.IsEmpty && trimmed[0] == (byte)'{') { assembler.AddEvent(trimmed); return; }
                if (trimmed.SequenceEqual("[DONE]"u8)) return;
            }
            else if (StartsLine(text))
            {
                assembler.AppendSse("\n"u8);
            }
            assembler.AppendSse(text);
            _open = text.IsEmpty ? _open : text[^1] is not ((byte)'\n' or (byte)'\r');
        }

        public void EndLine()
        {
            if (_open) assembler.AppendSse("\n\n"u8);
            _open = false;
        }

        // Not ':' (a comment line) or a line end: a read split inside JSON often starts with ':', and a
        // piece that starts with a line end closes the open line by itself.
        private static bool StartsLine(ReadOnlySpan<byte> text) =>
            text.IsEmpty || text.StartsWith("data:"u8) || text.StartsWith("event:"u8);
    }

    /// <summary>Unescapes a JSON string straight into pooled UTF-8 bytes: no string for what may be a long stream.</summary>
    private static void WithText<TState>(JsonElement text, TState state, SpanAction<TState> action)
    {
        var raw = JsonMarshal.GetRawUtf8Value(text);
        var reader = new Utf8JsonReader(raw);
        reader.Read();
        var bytes = ArrayPool<byte>.Shared.Rent(Math.Max(raw.Length, 16));
        try
        {
            int n = reader.CopyString(bytes);
            action(state, bytes.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private delegate void SpanAction<in TState>(TState state, ReadOnlySpan<byte> text);

    /// <summary>A string holding a whole JSON body rather than SSE text (checked on the raw bytes, without a copy).</summary>
    public static bool IsJsonBody(JsonElement text)
    {
        var raw = JsonMarshal.GetRawUtf8Value(text); // includes the quotes; escapes stay escaped
        var inner = raw.Length >= 2 ? raw[1..^1] : raw;
        while (true)
        {
            inner = inner.TrimStart(" "u8);
            if (inner.Length >= 2 && inner[0] == (byte)'\\' && inner[1] is (byte)'n' or (byte)'r' or (byte)'t') inner = inner[2..];
            else break;
        }
        // SSE text starts with a field name ("data:", "event:") or a comment, never with a brace.
        return !inner.IsEmpty && inner[0] == (byte)'{';
    }
}
