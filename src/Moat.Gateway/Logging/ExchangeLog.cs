using System.Threading.Channels;
using Moat.Contract.Records;
using Moat.Gateway.Accounts;

namespace Moat.Gateway.Logging;

/// <summary>
/// The exchange log, off the request path: the proxy offers each capture to a bounded channel and
/// never waits; one background task maps captures to contract exchanges, feeds the online rules and
/// writes the rotating file. When the channel is full the capture is dropped and counted in
/// <see cref="Dropped"/> (exposed on /metrics), never silently.
/// </summary>
public sealed class ExchangeLog : IAsyncDisposable
{
    private readonly Channel<ExchangeCapture> _queue;
    private readonly IExchangeMapper _mapper;
    private readonly AccountRegistry _registry;
    private readonly RotatingExchangeFile? _file;
    private readonly Action<Exchange>? _observer;
    private readonly Action<Exception> _onError;
    private readonly Thread _writer;
    private readonly TimeSpan _linger;
    private long _dropped, _written, _failed;

    public ExchangeLog(ExchangeLogOptions options, string? directory, IExchangeMapper mapper, AccountRegistry registry,
        TimeProvider time, Action<Exchange>? observer, Action<Exception> onError)
    {
        _queue = Channel.CreateBounded<ExchangeCapture>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _mapper = mapper;
        _registry = registry;
        _observer = observer;
        _onError = onError;
        _file = directory is null ? null : new RotatingExchangeFile(directory, options, time);
        _linger = options.WriterLinger;
        // A dedicated thread, not the pool: the writer is busy for as long as traffic lasts, and on a
        // 2-core machine the pool starts with 2 threads; holding one would delay every request.
        _writer = new Thread(Drain) { IsBackground = true, Name = "moat-exchange-log" };
        _writer.Start();
    }

    public long Dropped => Interlocked.Read(ref _dropped);
    public long Written => Interlocked.Read(ref _written);
    public long Failed => Interlocked.Read(ref _failed);
    public int Queued => _queue.Reader.Count;
    public string? CurrentPath => _file?.CurrentPath;

    /// <summary>Takes ownership of <paramref name="capture"/>; returns false when it was dropped.</summary>
    public bool Offer(ExchangeCapture capture)
    {
        if (_queue.Writer.TryWrite(capture)) return true;
        Interlocked.Increment(ref _dropped);
        capture.Dispose();
        return false;
    }

    private void Drain()
    {
        var reader = _queue.Reader;
        while (WaitForWork(reader))
        {
            while (reader.TryRead(out var capture))
            {
                using (capture)
                {
                    try
                    {
                        var exchange = _mapper.Map(capture, NewId(), _registry.Find(capture.AccountId)?.OrgId);
                        _observer?.Invoke(exchange);
                        if (_file is not null)
                        {
                            _file.Write(exchange);
                            Interlocked.Increment(ref _written);
                        }
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException or ArgumentException)
                    {
                        // A full disk or one odd body must not stop the log; counted and reported.
                        Interlocked.Increment(ref _failed);
                        _onError(e);
                    }
                }
            }
            try { _file?.Flush(); }
            catch (IOException e) { _onError(e); }
            // While the writer sleeps, Offer finds no waiter to wake: under load, captures gather into batches.
            if (_linger > TimeSpan.Zero && !reader.Completion.IsCompleted) Thread.Sleep(_linger);
        }
    }

    private static bool WaitForWork(ChannelReader<ExchangeCapture> reader)
    {
        var wait = reader.WaitToReadAsync();
        return wait.IsCompleted ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    private static string NewId() => "gw_" + Guid.CreateVersion7().ToString("N");

    /// <summary>Stops accepting, writes everything queued, closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.Run(() => _writer.Join()).ConfigureAwait(false);
        _file?.Dispose();
    }
}
