using System.Buffers;
using System.Collections.Concurrent;
using Moat.Contract.Json;

namespace Moat.Contract.Io;

/// <summary>
/// Reads a contract file with the parsing spread over several threads, yielding records and reporting
/// diagnostics in exactly the order and with exactly the result of <see cref="RecordReader"/>.
/// Parsing (mostly UTF-8 to string) costs far more than splitting lines, so one thread splits lines
/// into batches of copied bytes and the thread pool parses whole batches; the caller receives them in
/// file order. Memory is bounded: at most <c>2 × degree</c> batches of about 1 MB are in flight.
/// </summary>
public static class ParallelRecordReader
{
    private const int BatchBytes = 1 << 20;
    private const int BatchLines = 2048;

    /// <summary>Same contract as <see cref="RecordReader.Read{T}(string, IRecordCodec{T}, ReadReport, bool, int)"/>.</summary>
    /// <param name="degree">Batches parsed at once; 0 means one per processor.</param>
    public static IEnumerable<T> Read<T>(
        string path,
        IRecordCodec<T> codec,
        ReadReport report,
        int degree = 0,
        bool requireRecords = true,
        int maxLineBytes = LineReader.DefaultMaxLineBytes)
    {
        Stream stream;
        try
        {
            stream = ContractInput.Open(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            report.Add(new ReadDiagnostic(path, 0, ReadProblems.UnreadableStream, e.Message));
            if (requireRecords) throw new NoReadableRecordsException(path, report, "cannot be opened");
            yield break;
        }
        if (degree <= 0) degree = Environment.ProcessorCount;

        var queue = new BlockingCollection<Task<Batch<T>>>(boundedCapacity: degree * 2);
        using var cancel = new CancellationTokenSource();
        var producer = Task.Factory.StartNew(
            () => Split(stream, path, codec, report, maxLineBytes, queue, cancel.Token),
            cancel.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        long records = 0, bad = 0;
        try
        {
            foreach (var task in queue.GetConsumingEnumerable())
            {
                var batch = task.GetAwaiter().GetResult();
                try
                {
                    for (int i = 0; i < batch.Count; i++)
                    {
                        if (batch.Diagnostics[i] is { } diagnostic)
                        {
                            bad++;
                            report.Add(diagnostic);
                        }
                        else
                        {
                            records++;
                            report.AddRecord();
                            yield return batch.Records[i]!;
                        }
                    }
                }
                finally
                {
                    batch.Release();
                }
            }
            producer.GetAwaiter().GetResult();
        }
        finally
        {
            // The caller may stop early: stop the splitter, then give back every buffer still queued.
            cancel.Cancel();
            try { producer.Wait(); } catch (AggregateException) { }
            while (queue.TryTake(out var pending))
            {
                try { pending.GetAwaiter().GetResult().Release(); } catch (Exception) { }
            }
            queue.Dispose();
        }
        if (records == 0 && requireRecords)
        {
            throw new NoReadableRecordsException(path, report, bad == 0 ? "the file is empty" : $"all {bad:N0} lines are bad");
        }
    }

    /// <summary>The splitting thread: copies lines into batches and hands each to the thread pool to parse.</summary>
    private static void Split<T>(Stream stream, string path, IRecordCodec<T> codec, ReadReport report, int maxLineBytes,
        BlockingCollection<Task<Batch<T>>> queue, CancellationToken cancel)
    {
        try
        {
            using var lines = new LineReader(stream, maxLineBytes);
            var batch = new Batch<T>(path, BatchBytes);
            while (true)
            {
                var status = lines.Next(out var line);
                if (status == LineStatus.Line)
                {
                    if (!batch.Fits(line.Length))
                    {
                        Dispatch(batch, codec, queue, cancel);
                        batch = new Batch<T>(path, Math.Max(BatchBytes, line.Length));
                    }
                    batch.AddLine(line.Span, lines.LineNumber);
                    continue;
                }
                if (status == LineStatus.TooLong)
                {
                    if (!batch.Fits(0)) { Dispatch(batch, codec, queue, cancel); batch = new Batch<T>(path, BatchBytes); }
                    batch.AddDiagnostic(ContractLineReader.TooLongDiagnostic(path, lines));
                    continue;
                }
                if (status == LineStatus.StreamError)
                {
                    if (!batch.Fits(0)) { Dispatch(batch, codec, queue, cancel); batch = new Batch<T>(path, BatchBytes); }
                    batch.AddDiagnostic(ContractLineReader.StreamErrorDiagnostic(path, lines));
                }
                Dispatch(batch, codec, queue, cancel);
                report.AddBytes(lines.BytesRead);
                return;
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // The consumer stopped early; nothing more to read.
        }
        finally
        {
            queue.CompleteAdding();
        }
    }

    private static void Dispatch<T>(Batch<T> batch, IRecordCodec<T> codec, BlockingCollection<Task<Batch<T>>> queue, CancellationToken cancel)
    {
        var task = Task.Run(() => batch.Parse(codec));
        try
        {
            queue.Add(task, cancel);
        }
        catch (OperationCanceledException)
        {
            task.ContinueWith(t => t.Result.Release(), TaskScheduler.Default);
            throw;
        }
    }

    /// <summary>A run of consecutive lines copied out of the read buffer, and after parsing their outcomes.</summary>
    private sealed class Batch<T>(string path, int bytes)
    {
        private byte[] _data = ArrayPool<byte>.Shared.Rent(bytes);
        private int _used;
        private readonly int[] _offsets = new int[BatchLines];
        private readonly int[] _lengths = new int[BatchLines];
        private readonly long[] _lineNumbers = new long[BatchLines];

        public int Count { get; private set; }
        public readonly T?[] Records = new T?[BatchLines];
        public readonly ReadDiagnostic?[] Diagnostics = new ReadDiagnostic?[BatchLines];

        public bool Fits(int length) => Count < BatchLines && _used + length <= _data.Length;

        public void AddLine(ReadOnlySpan<byte> line, long lineNumber)
        {
            line.CopyTo(_data.AsSpan(_used));
            _offsets[Count] = _used;
            _lengths[Count] = line.Length;
            _lineNumbers[Count] = lineNumber;
            _used += line.Length;
            Count++;
        }

        /// <summary>A problem found while splitting (too long, stream error), kept in its place in the order.</summary>
        public void AddDiagnostic(ReadDiagnostic diagnostic)
        {
            _lengths[Count] = -1;
            Diagnostics[Count] = diagnostic;
            Count++;
        }

        public Batch<T> Parse(IRecordCodec<T> codec)
        {
            for (int i = 0; i < Count; i++)
            {
                if (_lengths[i] < 0) continue;
                if (RecordReader.TryParse(_data.AsSpan(_offsets[i], _lengths[i]), codec, out T? record, out string problem, out string detail))
                    Records[i] = record;
                else
                    Diagnostics[i] = new ReadDiagnostic(path, _lineNumbers[i], problem, detail);
            }
            return this;
        }

        public void Release()
        {
            var data = Interlocked.Exchange(ref _data, []);
            if (data.Length > 0) ArrayPool<byte>.Shared.Return(data);
        }
    }
}
