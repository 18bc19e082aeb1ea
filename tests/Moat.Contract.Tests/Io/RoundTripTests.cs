using Moat.Contract.Io;
using Moat.Contract.Json;
using Moat.Contract.Records;

namespace Moat.Contract.Tests.Io;

public sealed class RoundTripTests
{
    private static List<T> WriteThenRead<T>(TempDir dir, string name, IReadOnlyList<T> records, IRecordCodec<T> codec, ReadReport report)
    {
        var path = dir.Combine(name);
        using (var writer = RecordWriter<T>.Create(path, codec))
        {
            foreach (var r in records) writer.Write(r);
            Assert.Equal(records.Count, writer.Count);
        }
        return [.. RecordReader.Read(path, codec, report)];
    }

    [Theory]
    [InlineData("exchanges.jsonl")]
    [InlineData("exchanges.jsonl.gz")]
    public void Exchanges_read_back_identical(string name)
    {
        using var dir = new TempDir();
        // Long texts make the file span many read buffers.
        var exchanges = ContractSamples.Exchanges(600, seed: 7, textLength: 1500);
        var report = new ReadReport();
        var read = WriteThenRead(dir, name, exchanges, ExchangeCodec.Instance, report);
        Assert.Equal(exchanges, read);
        Assert.Equal(0, report.BadLines);
        Assert.Equal(600, report.Records);
    }

    [Theory]
    [InlineData("accounts.jsonl")]
    [InlineData("accounts.jsonl.gz")]
    public void Accounts_read_back_identical(string name)
    {
        using var dir = new TempDir();
        var random = new Random(8);
        var accounts = Enumerable.Range(0, 500).Select(i => ContractSamples.Account(i, random)).ToList();
        var report = new ReadReport();
        Assert.Equal(accounts, WriteThenRead(dir, name, accounts, AccountCodec.Instance, report));
        Assert.Equal(0, report.BadLines);
    }

    [Theory]
    [InlineData("labels.jsonl")]
    [InlineData("labels.jsonl.gz")]
    public void Labels_read_back_identical(string name)
    {
        using var dir = new TempDir();
        var random = new Random(9);
        var labels = Enumerable.Range(0, 500).Select(i => ContractSamples.Label(i, random)).ToList();
        var report = new ReadReport();
        Assert.Equal(labels, WriteThenRead(dir, name, labels, LabelCodec.Instance, report));
        Assert.Equal(0, report.BadLines);
    }

    [Fact]
    public void Gzip_is_detected_by_magic_bytes_not_by_name()
    {
        using var dir = new TempDir();
        var exchanges = ContractSamples.Exchanges(50, seed: 10);
        var path = dir.File("exchanges.jsonl", ContractSamples.Gzip(ContractSamples.Jsonl(exchanges, ExchangeCodec.Instance)));
        Assert.Equal(exchanges, RecordReader.Read(path, ExchangeCodec.Instance, new ReadReport()).ToList());
    }

    [Fact]
    public void Concatenated_gzip_members_are_read_as_one_file()
    {
        // `cat a.gz b.gz > all.gz` is how rotated logs are often joined.
        var first = ContractSamples.Exchanges(30, seed: 11);
        var second = ContractSamples.Exchanges(30, seed: 12);
        var bytes = ContractSamples.Gzip(ContractSamples.Jsonl(first, ExchangeCodec.Instance))
            .Concat(ContractSamples.Gzip(ContractSamples.Jsonl(second, ExchangeCodec.Instance))).ToArray();
        var report = new ReadReport();
        var read = RecordReader.Read(new MemoryStream(bytes), "all.gz", ExchangeCodec.Instance, report).ToList();
        Assert.Equal(first.Concat(second), read);
        Assert.Equal(0, report.BadLines);
    }

    [Fact]
    public void Writer_output_is_one_line_per_record_even_with_newlines_in_text()
    {
        var exchanges = ContractSamples.Exchanges(20, seed: 13);
        var bytes = ContractSamples.Jsonl(exchanges, ExchangeCodec.Instance);
        Assert.Equal(20, bytes.Count(b => b == (byte)'\n'));
        Assert.Equal((byte)'\n', bytes[^1]);
    }

    [Fact]
    public void Optional_fields_absent_or_null_read_as_null_and_unknown_fields_are_ignored()
    {
        var line = """{"id":"e1","ts":"2026-04-22T05:14:07.5+02:00","account_id":"a","org_id":null,"endpoint":"/v1/messages","model":"m","extra":{"nested":[1,2,{"x":null}]},"request":{"messages":[{"role":"user","content":"hi","name":"ignored"}],"temperature":null},"response":{"status":200,"text":null}}""";
        var report = new ReadReport();
        var read = RecordReader.Read(new MemoryStream(ContractSamples.Utf8(line)), "x", ExchangeCodec.Instance, report).Single();
        Assert.Null(read.OrgId);
        Assert.Null(read.Request.Temperature);
        Assert.Null(read.Response.Text);
        Assert.Equal(new DateTime(2026, 4, 22, 3, 14, 7, 500, DateTimeKind.Utc), read.Ts);
        Assert.Equal("hi", read.Prompt);
    }
}
