using System.Buffers;
using System.Collections.Concurrent;
using Moat.Contract.Io;
using Moat.Contract.Json;
using Moat.Contract.Records;
using Moat.Detection.Features;

namespace Moat.Detection.Scan;

/// <summary>
/// Reads exchange files once and hands featurised exchanges to a callback, in file order.
/// A reader thread cuts lines into numbered batches; worker threads parse and featurise whole batches
/// as they come; the callback (the per-account merge, on the calling thread) sees the batches in their
/// original order, so a scan is deterministic whatever the thread timing. Bad lines become diagnostics, never stop the run.
/// </summary>
public sealed class ExchangeFeatureStream(int workers, int batchLines)
{
    private sealed class LineBatch
    {
        public byte[] Data = ArrayPool<byte>.Shared.Rent(1 << 20);
        public int Used;
        public readonly List<(int Start, int Length, long Line)> Lines = [];
        public string Path = "";
        public long Sequence;
        public ExchangeFeatures[] Features = [];
        public int FeatureCount;

        public void Append(ReadOnlySpan<byte> line, long number)
        {
            if (Used + line.Length > Data.Length)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(Data.Length * 2, Used + line.Length));
                Data.AsSpan(0, Used).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(Data);
                Data = bigger;
            }
            line.CopyTo(Data.AsSpan(Used));
            Lines.Add((Used, line.Length, number));
            Used += line.Length;
        }

        public void Reset(string path)
        {
            Used = 0;
            Lines.Clear();
            Path = path;
            FeatureCount = 0;
        }
    }

    public void Run(IReadOnlyList<string> files, ReadReport report, Action<ReadOnlySpan<ExchangeFeatures>> onBatch)
    {
        // A fixed number of batches circulates: reader -> workers -> merge -> back to the reader. The
        // reader waits for a free one, so memory stays bounded whichever stage is slowest.
        int inFlight = workers * 3 + 2;
        using var slots = new SemaphoreSlim(inFlight, inFlight);
        using var full = new BlockingCollection<LineBatch>(boundedCapacity: inFlight);
        using var stop = new CancellationTokenSource();
        var free = new ConcurrentBag<LineBatch>();
        // Featurised batches wait here for the merge, which takes them strictly in sequence. Workers
        // run continuously (no round barrier): with rounds, a slow batch or a late reader left the
        // other core idle, and an incident-scale scan used 1.5 cores of 2 (docs/performance.md).
        var ready = new LineBatch?[inFlight];
        long batchesRead = -1; // set by the reader when it is done
        Exception? failure = null;

        void Fail(Exception e)
        {
            Interlocked.CompareExchange(ref failure, e, null);
            stop.Cancel();
            lock (ready) Monitor.PulseAll(ready);
        }

        var reader = new Thread(() =>
        {
            try { Interlocked.Exchange(ref batchesRead, ReadAll(files, report, full, free, slots, stop.Token)); }
            catch (OperationCanceledException) { }
            catch (Exception e) { Fail(new InvalidOperationException("reading exchanges failed", e)); }
            finally
            {
                full.CompleteAdding();
                lock (ready) Monitor.PulseAll(ready);
            }
        }) { IsBackground = true, Name = "moat-scan-reader" };

        var featurisers = new Thread[workers];
        for (int w = 0; w < workers; w++)
        {
            var own = new Featurisers();
            featurisers[w] = new Thread(() =>
            {
                try
                {
                    foreach (var batch in full.GetConsumingEnumerable(stop.Token))
                    {
                        Featurise(batch, own, report);
                        lock (ready)
                        {
                            ready[batch.Sequence % inFlight] = batch;
                            Monitor.PulseAll(ready);
                        }
                    }
                }
                catch (OperationCanceledException) { }
                catch (Exception e) { Fail(new InvalidOperationException("featurising exchanges failed", e)); }
            }) { IsBackground = true, Name = $"moat-scan-featurise-{w}" };
        }
        reader.Start();
        foreach (var t in featurisers) t.Start();

        try
        {
            // The merge runs here, in file order, so the scan is deterministic whatever the timing.
            for (long next = 0; ; next++)
            {
                LineBatch? batch = null;
                lock (ready)
                {
                    while (true)
                    {
                        if (failure is not null) break;
                        batch = ready[next % inFlight];
                        if (batch is not null && batch.Sequence == next) { ready[next % inFlight] = null; break; }
                        long total = Interlocked.Read(ref batchesRead);
                        if (total >= 0 && next >= total) { batch = null; break; }
                        Monitor.Wait(ready);
                    }
                }
                if (failure is not null || batch is null) break;
                report.AddRecords(batch.FeatureCount);
                onBatch(batch.Features.AsSpan(0, batch.FeatureCount));
                Array.Clear(batch.Features, 0, batch.FeatureCount); // drop string references early
                free.Add(batch);
                slots.Release();
            }
        }
        catch (Exception e)
        {
            Fail(new InvalidOperationException("merging exchange features failed", e));
        }
        finally
        {
            if (failure is not null) stop.Cancel();
            reader.Join();
            foreach (var t in featurisers) t.Join();
        }
        if (failure is not null) throw failure;
    }

    /// <summary>Cuts every file into numbered batches; returns how many batches it handed on.</summary>
    private long ReadAll(IReadOnlyList<string> files, ReadReport report, BlockingCollection<LineBatch> full,
        ConcurrentBag<LineBatch> free, SemaphoreSlim slots, CancellationToken stop)
    {
        long sequence = 0;
        foreach (var path in files)
        {
            Stream stream;
            try { stream = ContractInput.Open(path); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                report.Add(new ReadDiagnostic(path, 0, ReadProblems.UnreadableStream, e.Message));
                continue;
            }
            using var lines = new LineReader(stream);
            slots.Wait(stop);
            LineBatch batch = Take(free, path);
            while (true)
            {
                var status = lines.Next(out var line);
                if (status == LineStatus.End) break;
                if (status == LineStatus.StreamError)
                {
                    // The contract reader's wording and reasons, so a corrupt gzip is corrupt_stream here too.
                    report.Add(ContractLineReader.StreamErrorDiagnostic(path, lines));
                    break;
                }
                if (status == LineStatus.TooLong)
                {
                    report.Add(ContractLineReader.TooLongDiagnostic(path, lines));
                    continue;
                }
                batch.Append(line.Span, lines.LineNumber);
                if (batch.Lines.Count >= batchLines)
                {
                    batch.Sequence = sequence++;
                    full.Add(batch, stop);
                    slots.Wait(stop);
                    batch = Take(free, path);
                }
            }
            report.AddBytes(lines.BytesRead);
            if (batch.Lines.Count > 0)
            {
                batch.Sequence = sequence++;
                full.Add(batch, stop);
            }
            else
            {
                free.Add(batch);
                slots.Release();
            }
        }
        return sequence;
    }

    private static LineBatch Take(ConcurrentBag<LineBatch> free, string path)
    {
        var batch = free.TryTake(out var b) ? b : new LineBatch();
        batch.Reset(path);
        return batch;
    }

    /// <summary>A worker's readers: the fast span reader, and the contract parser behind it.</summary>
    private sealed class Featurisers
    {
        public readonly ExchangeFeatureReader Fast = new();
        public readonly ExchangeFeaturiser Full = new();
    }

    private static void Featurise(LineBatch batch, Featurisers featurisers, ReadReport report)
    {
        if (batch.Features.Length < batch.Lines.Count) batch.Features = new ExchangeFeatures[batch.Lines.Count];
        int n = 0;
        foreach (var (start, length, number) in batch.Lines)
        {
            var line = new ReadOnlyMemory<byte>(batch.Data, start, length);
            if (featurisers.Fast.TryRead(line, out batch.Features[n])) { n++; continue; }
            // The span reader vouches only for plain, valid lines; the contract parser has the last word,
            // so an odd but valid line is still read and a bad one gets the same diagnostic as in validate.
            if (RecordReader.TryParse(line.Span, ExchangeCodec.Instance, out Exchange? exchange, out string problem, out string detail))
                batch.Features[n++] = featurisers.Full.Featurise(exchange!);
            else
                report.Add(new ReadDiagnostic(batch.Path, number, problem, detail));
        }
        batch.FeatureCount = n;
    }
}
