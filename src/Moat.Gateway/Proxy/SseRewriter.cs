using System.Buffers;
using Moat.Gateway.Enforcement;

namespace Moat.Gateway.Proxy;

/// <summary>
/// Rewrites an SSE stream event by event for the degrade and watermark actions. Bytes are held only
/// until their event is complete, then forwarded at once, so the stream stays a stream.
/// </summary>
internal sealed class SseRewriter(ReasoningWithholding.StreamState? degrade, IResponseWatermark? watermark, WatermarkContext? context)
{
    private readonly ArrayBufferWriter<byte> _pending = new(8192);
    private readonly List<byte> _data = new(1024);

    /// <summary>Events in which something was withheld or rewritten.</summary>
    public int Rewritten { get; private set; }

    public void Push(ReadOnlySpan<byte> chunk, ArrayBufferWriter<byte> output)
    {
        _pending.Write(chunk);
        var span = _pending.WrittenSpan;
        int pos = 0;
        while (true)
        {
            int end = SseEvents.FindEnd(span, pos, out int next);
            if (end < 0) break;
            Emit(span[pos..next], span[pos..end], output);
            pos = next;
        }
        if (pos == 0) return;
        var rest = span[pos..].ToArray();
        _pending.ResetWrittenCount();
        _pending.Write(rest);
    }

    /// <summary>Forwards an incomplete last event as it is (the upstream ended mid-event).</summary>
    public void Complete(ArrayBufferWriter<byte> output)
    {
        output.Write(_pending.WrittenSpan);
        _pending.ResetWrittenCount();
    }

    private void Emit(ReadOnlySpan<byte> whole, ReadOnlySpan<byte> body, ArrayBufferWriter<byte> output)
    {
        SseEvents.Data(body, _data);
        if (_data.Count == 0) { output.Write(whole); return; }
        var data = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_data);
        byte[]? replaced = degrade?.Rewrite(data);
        if (ReferenceEquals(replaced, ReasoningWithholding.Drop)) { Rewritten++; return; }
        if (watermark is not null && context is not null) replaced = watermark.MarkEvent(context, replaced ?? data);
        if (replaced is null) { output.Write(whole); return; }
        Rewritten++;
        // Keep the event's other fields (event:, id:, retry:), then the new data, one line per line.
        var rest = body;
        while (!rest.IsEmpty)
        {
            int eol = rest.IndexOfAny((byte)'\n', (byte)'\r');
            var line = eol < 0 ? rest : rest[..eol];
            rest = eol < 0 ? default : rest[(eol + 1)..];
            if (line.IsEmpty || line.StartsWith("data:"u8)) continue;
            output.Write(line);
            output.Write("\n"u8);
        }
        ReadOnlySpan<byte> payload = replaced;
        while (true)
        {
            int nl = payload.IndexOf((byte)'\n');
            output.Write("data: "u8);
            output.Write(nl < 0 ? payload : payload[..nl]);
            output.Write("\n"u8);
            if (nl < 0) break;
            payload = payload[(nl + 1)..];
        }
        output.Write("\n"u8);
    }
}
