using System.Text;
using Moat.Contract.Io;
using Moat.Contract.Json;
using Moat.Contract.Records;

namespace Moat.Contract.Tests.Io;

/// <summary>The parallel reader must be indistinguishable from the sequential one, only faster.</summary>
public sealed class ParallelRecordReaderTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Several MB of exchanges with a bad line every few hundred, so batches hold both.</summary>
    private static byte[] MixedFile(int count, int seed)
    {
        var random = new Random(seed);
        var output = new MemoryStream();
        var bad = new[] { "{", "[1]", "{\"id\":1}", "\n", "   " };
        var valid = ContractSamples.Jsonl(ContractSamples.Exchanges(count, seed, textLength: 1200), ExchangeCodec.Instance);
        int start = 0;
        for (int i = 0; i < valid.Length; i++)
        {
            if (valid[i] != (byte)'\n') continue;
            output.Write(valid.AsSpan(start, i + 1 - start));
            start = i + 1;
            if (random.Next(100) == 0) output.Write(Encoding.UTF8.GetBytes(bad[random.Next(bad.Length)] + "\n"));
        }
        return output.ToArray();
    }

    private static (List<Exchange> Records, ReadReport Report) Sequential(string path)
    {
        var report = new ReadReport(keepDiagnostics: 1000);
        return ([.. RecordReader.Read(path, ExchangeCodec.Instance, report, requireRecords: false)], report);
    }

    private static (List<Exchange> Records, ReadReport Report) Parallel(string path, int degree)
    {
        var report = new ReadReport(keepDiagnostics: 1000);
        return ([.. ParallelRecordReader.Read(path, ExchangeCodec.Instance, report, degree, requireRecords: false)], report);
    }

    private static void AssertSame((List<Exchange> Records, ReadReport Report) expected, (List<Exchange> Records, ReadReport Report) actual)
    {
        Assert.Equal(expected.Records, actual.Records);
        Assert.Equal(expected.Report.Records, actual.Report.Records);
        Assert.Equal(expected.Report.BadLines, actual.Report.BadLines);
        Assert.Equal(expected.Report.Bytes, actual.Report.Bytes);
        Assert.Equal(expected.Report.FirstDiagnostics, actual.Report.FirstDiagnostics);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Yields_the_same_records_and_diagnostics_in_the_same_order(int degree)
    {
        var path = _dir.File("exchanges.jsonl", MixedFile(1500, seed: 51));
        var expected = Sequential(path);
        Assert.True(expected.Report.BadLines > 5);
        AssertSame(expected, Parallel(path, degree));
    }

    [Fact]
    public void Reports_a_truncated_gzip_in_its_place()
    {
        var gz = ContractSamples.Gzip(MixedFile(3000, seed: 52));
        var path = _dir.File("exchanges.jsonl.gz", gz[..(gz.Length * 3 / 4)]);
        var expected = Sequential(path);
        Assert.Equal(ReadProblems.TruncatedStream, expected.Report.FirstDiagnostics[^1].Problem);
        AssertSame(expected, Parallel(path, 3));
    }

    [Fact]
    public void Reports_lines_too_long_in_their_place()
    {
        var bytes = MixedFile(300, seed: 53).Concat(Encoding.UTF8.GetBytes(new string('x', 300_000) + "\n")).Concat(MixedFile(300, seed: 54)).ToArray();
        var path = _dir.File("exchanges.jsonl", bytes);
        var seqReport = new ReadReport(1000);
        var seq = RecordReader.Read(path, ExchangeCodec.Instance, seqReport, maxLineBytes: 100_000).ToList();
        var parReport = new ReadReport(1000);
        var par = ParallelRecordReader.Read(path, ExchangeCodec.Instance, parReport, degree: 2, maxLineBytes: 100_000).ToList();
        Assert.Equal(seq, par);
        Assert.Equal(seqReport.FirstDiagnostics, parReport.FirstDiagnostics);
        Assert.Contains(parReport.FirstDiagnostics, d => d.Problem == ReadProblems.LineTooLong);
    }

    [Fact]
    public void Stopping_early_neither_hangs_nor_leaks_the_file()
    {
        var path = _dir.File("exchanges.jsonl", MixedFile(2500, seed: 55));
        var first = ParallelRecordReader.Read(path, ExchangeCodec.Instance, new ReadReport(), degree: 2).Take(10).ToList();
        Assert.Equal(10, first.Count);
        File.Delete(path); // on any OS, the handle must be closed by now for this to be clean
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void An_empty_or_missing_file_is_an_input_error()
    {
        var empty = _dir.File("empty.jsonl", []);
        Assert.Equal("the file is empty",
            Assert.Throws<NoReadableRecordsException>(() => ParallelRecordReader.Read(empty, ExchangeCodec.Instance, new ReadReport()).ToList()).Why);
        Assert.Equal("cannot be opened",
            Assert.Throws<NoReadableRecordsException>(() => ParallelRecordReader.Read(_dir.Combine("none"), ExchangeCodec.Instance, new ReadReport()).ToList()).Why);
    }
}
