using System.Buffers;
using System.Collections.Concurrent;

namespace Moat.Simulation.Output;

/// <summary>
/// Renders chunks in parallel and writes them strictly in submission order, so the bytes do not
/// depend on thread timing. At most <c>renderers</c> chunks render at once and at most
/// <c>maxInFlight</c> chunks (rendering or rendered) wait in memory.
/// </summary>
public sealed class OrderedChunkWriter : IDisposable
{
    private readonly Stream _output;
    private readonly SemaphoreSlim _slots;
    private readonly SemaphoreSlim _renderers;
    private readonly BlockingCollection<Task<ArrayBufferWriter<byte>>> _queue = new();
    private readonly ConcurrentBag<ArrayBufferWriter<byte>> _buffers = [];
    private readonly Thread _writer;
    private Exception? _failure;

    public OrderedChunkWriter(Stream output, int renderers, int maxInFlight)
    {
        _output = output;
        _renderers = new SemaphoreSlim(Math.Max(1, renderers));
        _slots = new SemaphoreSlim(Math.Max(1, maxInFlight));
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "simulate-writer" };
        _writer.Start();
    }

    /// <summary>Queues <paramref name="render"/>; blocks while too many chunks are waiting.</summary>
    public void Submit(Action<ArrayBufferWriter<byte>> render)
    {
        if (_failure is not null) throw new IOException("writing the exchange log failed", _failure);
        _slots.Wait();
        var buffer = _buffers.TryTake(out var b) ? b : new ArrayBufferWriter<byte>(1 << 20);
        _queue.Add(Task.Run(() =>
        {
            _renderers.Wait();
            try
            {
                buffer.ResetWrittenCount();
                render(buffer);
                return buffer;
            }
            finally
            {
                _renderers.Release();
            }
        }));
    }

    private void WriteLoop()
    {
        foreach (var task in _queue.GetConsumingEnumerable())
        {
            try
            {
                var buffer = task.GetAwaiter().GetResult();
                if (_failure is null) _output.Write(buffer.WrittenSpan);
                _buffers.Add(buffer);
            }
            catch (Exception e)
            {
                _failure ??= e;
            }
            finally
            {
                _slots.Release();
            }
        }
    }

    /// <summary>Waits for every queued chunk to be written; rethrows the first failure.</summary>
    public void Complete()
    {
        _queue.CompleteAdding();
        _writer.Join();
        if (_failure is not null) throw new IOException("rendering or writing the exchange log failed: " + _failure.Message, _failure);
    }

    public void Dispose()
    {
        if (!_queue.IsAddingCompleted)
        {
            _queue.CompleteAdding();
            _writer.Join();
        }
        _queue.Dispose();
        _slots.Dispose();
        _renderers.Dispose();
    }
}
