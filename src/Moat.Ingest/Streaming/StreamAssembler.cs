using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Moat.Ingest.Streaming;

/// <summary>
/// Rebuilds one response from a server-sent event stream, incrementally: feed the raw bytes chunk by
/// chunk as they pass through a gateway (<see cref="AppendSse"/>) or already-split event objects
/// (<see cref="AddEvent(ReadOnlySpan{byte})"/>), then call <see cref="Complete"/>. Lines split across
/// chunks are carried over in one pooled buffer; an instance can be <see cref="Reset"/> and reused.
/// A malformed event is counted in <see cref="BadEvents"/> and skipped: one bad chunk does not lose the answer.
/// </summary>
public abstract class StreamAssembler : IDisposable
{
    private byte[] _line = ArrayPool<byte>.Shared.Rent(1024);
    private int _lineLength;
    private byte[] _data = ArrayPool<byte>.Shared.Rent(1024);
    private int _dataLength;
    private bool _hasData;
    private bool _afterCr;

    /// <summary>Events that were read.</summary>
    public int Events { get; private set; }

    /// <summary>Events that were not valid JSON of the expected shape and were skipped.</summary>
    public int BadEvents { get; private set; }

    /// <summary>True once <c>data: [DONE]</c> was seen (OpenAI's end-of-stream marker).</summary>
    public bool SawDone { get; private set; }

    /// <summary>Feeds raw SSE bytes (<c>event: …\ndata: {…}\n\n</c>); chunk boundaries may fall anywhere.</summary>
    public void AppendSse(ReadOnlySpan<byte> chunk)
    {
        while (!chunk.IsEmpty)
        {
            if (_afterCr)
            {
                _afterCr = false;
                if (chunk[0] == (byte)'\n') { chunk = chunk[1..]; continue; }
            }
            int eol = chunk.IndexOfAny((byte)'\n', (byte)'\r');
            if (eol < 0)
            {
                Append(ref _line, ref _lineLength, chunk);
                return;
            }
            if (chunk[eol] == (byte)'\r') _afterCr = true;
            if (_lineLength > 0)
            {
                Append(ref _line, ref _lineLength, chunk[..eol]);
                ProcessLine(_line.AsSpan(0, _lineLength));
                _lineLength = 0;
            }
            else
            {
                ProcessLine(chunk[..eol]);
            }
            chunk = chunk[(eol + 1)..];
        }
    }

    /// <summary>Feeds one event's JSON (the payload of one <c>data:</c> field).</summary>
    public void AddEvent(ReadOnlySpan<byte> json)
    {
        try
        {
            ReadEvent(json);
            Events++;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            BadEvents++;
        }
    }

    /// <summary>Feeds one event already parsed as a <see cref="JsonElement"/>, without copying it.</summary>
    public void AddEvent(JsonElement json) => AddEvent(JsonMarshal.GetRawUtf8Value(json));

    /// <summary>Ends the stream (flushing a last event without its blank line) and returns the response.</summary>
    public AssembledResponse Complete()
    {
        if (_lineLength > 0)
        {
            ProcessLine(_line.AsSpan(0, _lineLength));
            _lineLength = 0;
        }
        Dispatch();
        return Build();
    }

    /// <summary>Forgets everything fed so far, keeping the buffers.</summary>
    public void Reset()
    {
        _lineLength = _dataLength = 0;
        _hasData = _afterCr = SawDone = false;
        Events = BadEvents = 0;
        ResetResponse();
    }

    protected abstract void ReadEvent(ReadOnlySpan<byte> json);

    protected abstract AssembledResponse Build();

    protected abstract void ResetResponse();

    private void ProcessLine(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            Dispatch();
            return;
        }
        if (line[0] == (byte)':') return; // comment / keep-alive
        int colon = line.IndexOf((byte)':');
        var field = colon < 0 ? line : line[..colon];
        if (!field.SequenceEqual("data"u8)) return; // event:, id:, retry: carry nothing the contract keeps
        var value = colon < 0 ? [] : line[(colon + 1)..];
        if (!value.IsEmpty && value[0] == (byte)' ') value = value[1..];
        if (value.SequenceEqual("[DONE]"u8))
        {
            Dispatch();
            SawDone = true;
            return;
        }
        // Logs often lose the blank line between events; a new object after a complete one starts a new event.
        if (_hasData && !value.IsEmpty && value[0] == (byte)'{' && _dataLength > 0 && _data[_dataLength - 1] == (byte)'}')
            Dispatch();
        if (_hasData) Append(ref _data, ref _dataLength, "\n"u8);
        Append(ref _data, ref _dataLength, value);
        _hasData = true;
    }

    private void Dispatch()
    {
        if (!_hasData) return;
        var data = _data.AsSpan(0, _dataLength);
        _hasData = false;
        _dataLength = 0;
        if (!data.Trim((byte)' ').IsEmpty) AddEvent(data);
    }

    private static void Append(ref byte[] buffer, ref int length, ReadOnlySpan<byte> bytes)
    {
        if (length + bytes.Length > buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, length + bytes.Length));
            buffer.AsSpan(0, length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = bigger;
        }
        bytes.CopyTo(buffer.AsSpan(length));
        length += bytes.Length;
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (_line.Length > 0) ArrayPool<byte>.Shared.Return(_line);
        if (_data.Length > 0) ArrayPool<byte>.Shared.Return(_data);
        _line = _data = [];
    }
}
