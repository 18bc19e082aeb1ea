using System.Buffers;

namespace Moat.Contract.Io;

public enum LineStatus
{
    /// <summary>A line is available.</summary>
    Line,
    /// <summary>The line was longer than the limit; it was skipped without buffering it.</summary>
    TooLong,
    /// <summary>The stream failed (e.g. a truncated gzip member); no more lines follow.</summary>
    StreamError,
    /// <summary>End of input.</summary>
    End,
}

/// <summary>
/// Splits a stream into lines using one pooled buffer. A line is valid until the next call.
/// Memory is bounded by <see cref="MaxLineBytes"/>, however long a line in the input is: a line of
/// <see cref="MaxLineBytes"/> bytes or more is reported as <see cref="LineStatus.TooLong"/> and skipped.
/// Blank lines are skipped; a trailing CR and a byte order mark at the start of the input are removed.
/// </summary>
public sealed class LineReader : IDisposable
{
    public const int DefaultMaxLineBytes = 16 * 1024 * 1024;

    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;

    public LineReader(Stream stream, int maxLineBytes = DefaultMaxLineBytes, int initialBuffer = 1 << 16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        _stream = stream;
        MaxLineBytes = maxLineBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(initialBuffer, maxLineBytes));
    }

    public int MaxLineBytes { get; }

    /// <summary>The 1-based number of the line last returned (counting blank lines).</summary>
    public long LineNumber { get; private set; }

    /// <summary>Bytes consumed from the (decompressed) stream so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Set when <see cref="LineStatus.StreamError"/> was returned.</summary>
    public Exception? Error { get; private set; }

    public LineStatus Next(out ReadOnlyMemory<byte> line)
    {
        line = default;
        if (Error is not null) return LineStatus.End;
        // Bytes after _start already searched for '\n'. Kept relative to _start because Fill()
        // compacts the buffer and moves the pending line to offset 0 (an absolute index would go stale).
        int scanned = 0;
        while (true)
        {
            int nl = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (nl >= 0)
            {
                int lineEnd = _start + scanned + nl;
                LineNumber++;
                var span = Trim(_buffer.AsMemory(_start, lineEnd - _start));
                _start = lineEnd + 1;
                scanned = 0;
                if (IsBlank(span.Span)) continue;
                line = span;
                return LineStatus.Line;
            }
            scanned = _end - _start;
            if (scanned >= MaxLineBytes)
            {
                LineNumber++;
                return SkipRestOfLine();
            }
            if (_eof)
            {
                if (_end == _start) return LineStatus.End;
                LineNumber++;
                var last = Trim(_buffer.AsMemory(_start, _end - _start));
                _start = _end;
                if (IsBlank(last.Span)) return LineStatus.End;
                line = last;
                return LineStatus.Line;
            }
            if (!Fill()) return LineStatus.StreamError;
        }
    }

    /// <summary>Removes a trailing CR, and on line 1 a UTF-8 byte order mark (editors on Windows add one).</summary>
    private ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> span)
    {
        if (LineNumber == 1 && span.Span.StartsWith("\uFEFF"u8)) span = span[3..];
        return span.Length > 0 && span.Span[^1] == (byte)'\r' ? span[..^1] : span;
    }

    private LineStatus SkipRestOfLine()
    {
        _start = _end = 0;
        while (true)
        {
            if (!Fill()) return LineStatus.StreamError;
            int nl = _buffer.AsSpan(0, _end).IndexOf((byte)'\n');
            if (nl >= 0)
            {
                _start = nl + 1;
                return LineStatus.TooLong;
            }
            if (_eof)
            {
                _start = _end = 0;
                return LineStatus.TooLong;
            }
            _end = 0;
        }
    }

    /// <summary>Reads more bytes, compacting or growing the buffer first. False on a stream error.</summary>
    private bool Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            // Never beyond MaxLineBytes: a line that fills it is skipped as too long, not buffered.
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, MaxLineBytes));
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        try
        {
            int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0) _eof = true;
            _end += n;
            BytesRead += n;
            return true;
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            Error = e;
            return false;
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> s)
    {
        foreach (var b in s)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r')) return false;
        }
        return true;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
        _stream.Dispose();
    }
}
