using System.Buffers;
using System.Collections.Concurrent;
using Moat.Contract.Io;
using Moat.Contract.Json;
using Moat.Contract.Records;
using Moat.Detection.Features;

namespace Moat.Detection.Scan;

/// <summary>
/// Reads exchange files once and hands featurised exchanges to a callback, in file order.
/// A reader thread cuts lines into batches; worker threads parse and featurise whole batches in
/// parallel; the callback (the per-account merge) sees the batches in their original order, so a
/// scan is deterministic whatever the thread timing. Bad lines become diagnostics, never stop the run.
/// </summary>
public sealed class ExchangeFeatureStream(int workers, int batchLines)
{
    private sealed class LineBatch
    {
        public byte[] Data = ArrayPool<byte>.Shared.Rent(1 << 20);
        public int Used;
        public readonly List<(int Start, int Length, long Line)> Lines = [];
        public string Path = "";
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
        using var full = new BlockingCollection<LineBatch>(boundedCapacity: workers * 2);
        // Featurised batches wait here, in file order, for the merge thread. Merging on its own thread
        // lets the next round featurise meanwhile: with the merge inline, the workers sat idle while it
        // ran and an incident-scale scan used one core of two (docs/performance.md).
        using var featurised = new BlockingCollection<LineBatch>(boundedCapacity: workers * 2);
        var free = new ConcurrentBag<LineBatch>();
        Exception? readerError = null, mergeError = null;
        var reader = new Thread(() =>
        {
            try { ReadAll(files, report, full, free); }
            catch (Exception e) { readerError = e; }
            finally { full.CompleteAdding(); }
        }) { IsBackground = true, Name = "moat-scan-reader" };
        var merger = new Thread(() =>
        {
            try
            {
                foreach (var batch in featurised.GetConsumingEnumerable())
                {
                    report.AddRecords(batch.FeatureCount);
                    onBatch(batch.Features.AsSpan(0, batch.FeatureCount));
                    Array.Clear(batch.Features, 0, batch.FeatureCount); // drop string references early
                    free.Add(batch);
                }
            }
            catch (Exception e)
            {
                mergeError = e;
                // Keep draining so the featurising loop never blocks on a full queue.
                foreach (var _ in featurised.GetConsumingEnumerable()) { }
            }
        }) { IsBackground = true, Name = "moat-scan-merge" };
        reader.Start();
        merger.Start();

        var featurisers = new Featurisers[workers];
        for (int i = 0; i < workers; i++) featurisers[i] = new Featurisers();
        var round = new List<LineBatch>(workers);
        try
        {
            while (mergeError is null)
            {
                round.Clear();
                if (!full.TryTake(out var first, Timeout.Infinite)) break;
                round.Add(first);
                while (round.Count < workers && full.TryTake(out var more)) round.Add(more);
                if (round.Count == 1) Featurise(round[0], featurisers[0], report);
                else Parallel.For(0, round.Count, new ParallelOptions { MaxDegreeOfParallelism = workers }, i => Featurise(round[i], featurisers[i], report));
                foreach (var batch in round) featurised.Add(batch);
            }
        }
        finally
        {
            featurised.CompleteAdding();
            merger.Join();
            // A merge failure stops featurising; drain the reader so it can finish and be joined.
            foreach (var _ in full.GetConsumingEnumerable()) { }
            reader.Join();
        }
        if (mergeError is not null) throw new InvalidOperationException("merging exchange features failed", mergeError);
        if (readerError is not null) throw new InvalidOperationException("reading exchanges failed", readerError);
    }

    private void ReadAll(IReadOnlyList<string> files, ReadReport report, BlockingCollection<LineBatch> full, ConcurrentBag<LineBatch> free)
    {
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
                    full.Add(batch);
                    batch = Take(free, path);
                }
            }
            report.AddBytes(lines.BytesRead);
            if (batch.Lines.Count > 0) full.Add(batch);
            else free.Add(batch);
        }
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
