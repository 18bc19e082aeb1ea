using System.Buffers;

namespace Moat.Gateway.Logging;

/// <summary>
/// Bytes of a request or response kept for the exchange log, in a pooled array, up to a cap; past the
/// cap the body is marked truncated (the log then says less, the client still gets everything).
/// </summary>
public sealed class CaptureBuffer : IDisposable
{
    private byte[] _array;
    private readonly int _max;

    public CaptureBuffer(int max, int initial = 4096)
    {
        _max = max;
        _array = ArrayPool<byte>.Shared.Rent(Math.Min(initial, Math.Max(max, 1)));
    }

    public int Length { get; private set; }
    public bool Truncated { get; private set; }

    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, Length);
    public ReadOnlySpan<byte> Span => _array.AsSpan(0, Length);

    public void Append(ReadOnlySpan<byte> data)
    {
        int room = _max - Length;
        if (data.Length > room) { Truncated = true; data = data[..Math.Max(room, 0)]; }
        if (data.IsEmpty) return;
        if (Length + data.Length > _array.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(_max, Math.Max(_array.Length * 2, Length + data.Length)));
            _array.AsSpan(0, Length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_array);
            _array = bigger;
        }
        data.CopyTo(_array.AsSpan(Length));
        Length += data.Length;
    }

    /// <summary>Reads a whole stream; returns false (and stops) when it is longer than the cap.</summary>
    public async Task<bool> FillAsync(Stream stream, CancellationToken cancel)
    {
        while (true)
        {
            if (Length == _array.Length)
            {
                if (Length >= _max)
                {
                    // One more byte means too long.
                    var probe = new byte[1];
                    if (await stream.ReadAsync(probe, cancel) == 0) return true;
                    Truncated = true;
                    return false;
                }
                var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(_max, _array.Length * 2));
                _array.AsSpan(0, Length).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_array);
                _array = bigger;
            }
            int n = await stream.ReadAsync(_array.AsMemory(Length, Math.Min(_array.Length, _max) - Length), cancel);
            if (n == 0) return true;
            Length += n;
        }
    }

    public void Dispose()
    {
        var array = Interlocked.Exchange(ref _array, []);
        if (array.Length > 0) ArrayPool<byte>.Shared.Return(array);
    }
}
