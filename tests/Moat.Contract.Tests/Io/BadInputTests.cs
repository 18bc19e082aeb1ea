using System.Text;
using Moat.Contract.Io;
using Moat.Contract.Json;
using Moat.Contract.Records;

namespace Moat.Contract.Tests.Io;

/// <summary>Every bad line is skipped with a diagnostic naming file, line and reason; every valid line around it is kept.</summary>
public sealed class BadInputTests
{
    private static readonly List<Exchange> Valid = ContractSamples.Exchanges(3, seed: 21);

    private static string ValidLine(int i) => Encoding.UTF8.GetString(ContractSamples.Jsonl([Valid[i]], ExchangeCodec.Instance)).TrimEnd('\n');

    /// <summary>valid, bad, valid, bad..., valid: the bad lines are at even line numbers.</summary>
    private static byte[] Sandwich(params byte[][] badLines)
    {
        var output = new MemoryStream();
        for (int i = 0; i <= badLines.Length; i++)
        {
            output.Write(ContractSamples.Utf8(ValidLine(i % Valid.Count) + "\n"));
            if (i < badLines.Length)
            {
                output.Write(badLines[i]);
                output.WriteByte((byte)'\n');
            }
        }
        return output.ToArray();
    }

    private static List<Exchange> Read(byte[] bytes, ReadReport report, int maxLineBytes = LineReader.DefaultMaxLineBytes) =>
        [.. RecordReader.Read(new MemoryStream(bytes), "in.jsonl", ExchangeCodec.Instance, report, requireRecords: false, maxLineBytes)];

    private static void AssertOneBadLine(string badLine, string expectedProblem) => AssertOneBadLine(ContractSamples.Utf8(badLine), expectedProblem);

    private static void AssertOneBadLine(byte[] badLine, string expectedProblem)
    {
        var report = new ReadReport();
        var read = Read(Sandwich(badLine), report);
        Assert.Equal([Valid[0], Valid[1]], read);
        var d = Assert.Single(report.FirstDiagnostics);
        Assert.Equal(("in.jsonl", 2L, expectedProblem), (d.File, d.Line, d.Problem));
        Assert.StartsWith($"in.jsonl:2: {expectedProblem}: ", d.ToString());
        Assert.Equal(1, report.BadLines);
        Assert.Equal(2, report.Records);
    }

    [Theory]
    [InlineData("{\"id\":\"x\",", "malformed_json")]
    [InlineData("{\"id\":\"x\"} trailing", "malformed_json")]
    [InlineData("{\"id\":\"x\"}{\"id\":\"y\"}", "malformed_json")]
    [InlineData("{'id':'x'}", "malformed_json")]
    [InlineData("{\"id\":\"bad escape \\q\"}", "malformed_json")]
    [InlineData("[1,2,3]", "not_an_object")]
    [InlineData("\"just a string\"", "not_an_object")]
    [InlineData("42", "not_an_object")]
    public void Malformed_json_is_skipped(string line, string problem) => AssertOneBadLine(line, problem);

    [Theory]
    [InlineData("id")]
    [InlineData("ts")]
    [InlineData("account_id")]
    [InlineData("endpoint")]
    [InlineData("model")]
    [InlineData("request")]
    [InlineData("response")]
    public void Missing_required_field_is_skipped_and_named(string field)
    {
        var line = System.Text.Json.Nodes.JsonNode.Parse(ValidLine(0))!.AsObject();
        line.Remove(field);
        var report = new ReadReport();
        Read(Sandwich(ContractSamples.Utf8(line.ToJsonString())), report);
        var d = Assert.Single(report.FirstDiagnostics);
        Assert.Equal(ReadProblems.MissingField, d.Problem);
        Assert.Contains($"'{field}'", d.Detail);
    }

    [Theory]
    [InlineData("\"ts\":\"2026-04-22T03:14:07.000Z\"", "\"ts\":1713755647", "wrong_type")]
    [InlineData("\"account_id\":\"", "\"account_id\":42,\"x\":\"", "wrong_type")]
    [InlineData("\"status\":200", "\"status\":\"200\"", "wrong_type")]
    [InlineData("\"status\":200", "\"status\":200.5", "invalid_value")]
    [InlineData("\"status\":200", "\"status\":1e40", "invalid_value")]
    [InlineData("\"stream\":false", "\"stream\":\"false\"", "wrong_type")]
    [InlineData("\"messages\":[", "\"messages\":{\"role\":\"user\"},\"old\":[", "wrong_type")]
    [InlineData("\"ts\":\"2026-04-22T03:14:07.000Z\"", "\"ts\":\"yesterday\"", "invalid_value")]
    public void Wrong_types_and_values_are_skipped(string from, string to, string problem)
    {
        var line = ValidLine(0);
        Assert.Contains(from, line);
        AssertOneBadLine(line.Replace(from, to, StringComparison.Ordinal), problem);
    }

    [Fact]
    public void Invalid_utf8_is_skipped_with_its_byte_position()
    {
        var line = ContractSamples.Utf8(ValidLine(0));
        int at = Array.IndexOf(line, (byte)'s', 20);
        line[at] = 0xC3; // a lead byte followed by an ASCII byte: not UTF-8
        AssertOneBadLine(line, ReadProblems.InvalidUtf8);
        var report = new ReadReport();
        Read(Sandwich(line), report);
        Assert.Contains($"byte {at}", report.FirstDiagnostics[0].Detail);
    }

    [Fact]
    public void Invalid_utf8_in_a_kept_string_is_reported_as_invalid_utf8()
    {
        var line = ContractSamples.Utf8(ValidLine(0).Replace("\"endpoint\":\"/v1/", "\"endpoint\":\"/v\u0001/", StringComparison.Ordinal));
        line[Array.IndexOf(line, (byte)0x01)] = 0xFF;
        AssertOneBadLine(line, ReadProblems.InvalidUtf8);
    }

    [Fact]
    public void Invalid_utf8_inside_an_ignored_field_does_not_cost_the_record()
    {
        // The contract says unknown fields are ignored, never rejected; what the record keeps is valid UTF-8.
        var line = ContractSamples.Utf8(ValidLine(0).Replace("{\"id\"", "{\"notes\":\"caf\u0001\",\"id\"", StringComparison.Ordinal));
        line[Array.IndexOf(line, (byte)0x01)] = 0xE9; // Latin-1 'é'
        var report = new ReadReport();
        Assert.Equal([Valid[0], Valid[0], Valid[1]], Read(Sandwich(line), report));
        Assert.Equal(0, report.BadLines);
    }

    [Fact]
    public void A_valid_10_mb_record_is_kept()
    {
        var huge = Valid[0] with { Response = Valid[0].Response with { Text = new string('x', 10 * 1024 * 1024) } };
        var bytes = ContractSamples.Jsonl([Valid[1], huge, Valid[2]], ExchangeCodec.Instance);
        var report = new ReadReport();
        Assert.Equal([Valid[1], huge, Valid[2]], Read(bytes, report));
        Assert.Equal(0, report.BadLines);
    }

    [Fact]
    public void A_10_mb_garbage_line_is_skipped_and_its_neighbours_kept()
    {
        var garbage = new byte[10 * 1024 * 1024];
        new Random(22).NextBytes(garbage);
        for (int i = 0; i < garbage.Length; i++) if (garbage[i] == (byte)'\n') garbage[i] = (byte)'x';
        var report = new ReadReport();
        Assert.Equal([Valid[0], Valid[1]], Read(Sandwich(garbage), report));
        Assert.Equal(2, Assert.Single(report.FirstDiagnostics).Line);
    }

    [Fact]
    public void A_line_over_the_limit_is_reported_as_too_long_without_buffering_it()
    {
        var longLine = ContractSamples.Utf8("{\"id\":\"" + new string('y', 10 * 1024 * 1024) + "\"}");
        var report = new ReadReport();
        Assert.Equal([Valid[0], Valid[1]], Read(Sandwich(longLine), report, maxLineBytes: 1024 * 1024));
        var d = Assert.Single(report.FirstDiagnostics);
        Assert.Equal((2L, ReadProblems.LineTooLong), (d.Line, d.Problem));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n   \r\n\t\n")]
    public void An_empty_file_is_an_input_error_that_says_so(string content)
    {
        using var dir = new TempDir();
        var path = dir.File("exchanges.jsonl", ContractSamples.Utf8(content));
        var e = Assert.Throws<NoReadableRecordsException>(() => RecordReader.Read(path, ExchangeCodec.Instance, new ReadReport()).ToList());
        Assert.Equal("the file is empty", e.Why);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void A_missing_file_is_an_input_error_with_a_diagnostic()
    {
        var report = new ReadReport();
        var e = Assert.Throws<NoReadableRecordsException>(() => RecordReader.Read("/nonexistent/exchanges.jsonl", ExchangeCodec.Instance, report).ToList());
        Assert.Equal("cannot be opened", e.Why);
        Assert.Equal(ReadProblems.UnreadableStream, Assert.Single(report.FirstDiagnostics).Problem);
    }

    [Fact]
    public void A_binary_file_is_an_input_error_not_a_crash()
    {
        var bytes = new byte[300_000];
        new Random(23).NextBytes(bytes);
        bytes[0] = 0x89; bytes[1] = (byte)'P'; // a PNG, say: not gzip, not text
        var report = new ReadReport();
        var e = Assert.Throws<NoReadableRecordsException>(() =>
            RecordReader.Read(new MemoryStream(bytes), "picture.png", ExchangeCodec.Instance, report).ToList());
        Assert.StartsWith("all ", e.Why);
        Assert.True(report.BadLines > 0);
        Assert.All(report.FirstDiagnostics, d => Assert.Contains(d.Problem, new[] { ReadProblems.InvalidUtf8, ReadProblems.MalformedJson }));
    }

    [Fact]
    public void A_csv_file_is_an_input_error_with_a_diagnostic_per_line()
    {
        var csv = "account_id,action\nacct_1,block\nacct_2,allow\n";
        var report = new ReadReport();
        Assert.Throws<NoReadableRecordsException>(() =>
            RecordReader.Read(new MemoryStream(ContractSamples.Utf8(csv)), "e.csv", ExchangeCodec.Instance, report).ToList());
        Assert.Equal(3, report.BadLines);
        Assert.Equal([1L, 2L, 3L], report.FirstDiagnostics.Select(d => d.Line));
    }

    [Fact]
    public void Truncated_gzip_is_reported_and_every_record_before_it_kept()
    {
        Assert.True(CheckedGzipStream.CanDetectTruncation, "this runtime hides the gzip decoder's end-of-member flag");
        var exchanges = ContractSamples.Exchanges(400, seed: 24, textLength: 800);
        var gz = ContractSamples.Gzip(ContractSamples.Jsonl(exchanges, ExchangeCodec.Instance));
        foreach (int cut in new[] { gz.Length / 3, gz.Length * 2 / 3, gz.Length - 9, gz.Length - 4, gz.Length - 1 })
        {
            var report = new ReadReport();
            var read = Read(gz[..cut], report);
            // Everything decoded before the cut is kept, in order; at most the line under the cut is lost.
            Assert.Equal(exchanges.Take(read.Count), read);
            Assert.True(read.Count >= exchanges.Count * cut / gz.Length / 2, $"cut {cut}: only {read.Count} records kept");
            var d = Assert.Single(report.FirstDiagnostics);
            Assert.Equal(ReadProblems.TruncatedStream, d.Problem);
            Assert.Equal("in.jsonl", d.File);
        }
    }

    [Fact]
    public void A_gzip_cut_inside_its_header_has_no_record_and_says_truncated()
    {
        var gz = ContractSamples.Gzip(ContractSamples.Jsonl(Valid, ExchangeCodec.Instance));
        var report = new ReadReport();
        Assert.Throws<NoReadableRecordsException>(() =>
            RecordReader.Read(new MemoryStream(gz[..6]), "x.gz", ExchangeCodec.Instance, report).ToList());
        Assert.Equal(ReadProblems.TruncatedStream, Assert.Single(report.FirstDiagnostics).Problem);
    }

    [Fact]
    public void Corrupt_gzip_data_is_reported_and_records_before_it_kept()
    {
        var exchanges = ContractSamples.Exchanges(400, seed: 25, textLength: 800);
        var gz = ContractSamples.Gzip(ContractSamples.Jsonl(exchanges, ExchangeCodec.Instance));
        // Overwrite a run in the middle: deflate notices (or the CRC at the end does).
        for (int i = gz.Length / 2; i < gz.Length / 2 + 64; i++) gz[i] = 0xFF;
        var report = new ReadReport();
        var read = Read(gz, report);
        Assert.Contains(report.FirstDiagnostics, d => d.Problem is ReadProblems.CorruptStream or ReadProblems.TruncatedStream);
        Assert.True(read.Count > 0);
        Assert.Equal(exchanges.Take(read.Count).Select(e => e.Id), read.Select(e => e.Id).Take(read.Count));
    }

    [Fact]
    public void Summary_counts_bad_lines_by_reason()
    {
        var report = new ReadReport();
        Read(Sandwich(ContractSamples.Utf8("{"), ContractSamples.Utf8("[]"), ContractSamples.Utf8("nope"), [0xFF, 0xFE]), report);
        Assert.Equal(5, report.Records);
        Assert.Equal(new Dictionary<string, long> { ["malformed_json"] = 2, ["not_an_object"] = 1, ["invalid_utf8"] = 1 }, report.ProblemCounts);
        Assert.Equal("5 records, 4 bad lines (malformed_json 2, invalid_utf8 1, not_an_object 1)", report.Summary());
    }

    [Fact]
    public void Diagnostics_beyond_the_kept_number_are_still_counted()
    {
        var bad = Enumerable.Repeat(ContractSamples.Utf8("{"), 50).ToArray();
        var report = new ReadReport(keepDiagnostics: 5);
        Read(Sandwich(bad), report);
        Assert.Equal(5, report.FirstDiagnostics.Count);
        Assert.Equal(50, report.BadLines);
        Assert.Equal(51, report.Records);
    }

    [Fact]
    public void Accounts_and_labels_report_their_own_missing_fields()
    {
        var report = new ReadReport();
        var accounts = "{\"account_id\":\"a\"}\n{\"account_id\":\"b\",\"created_at\":\"2026-01-01T00:00:00Z\"}\n";
        Assert.Single(RecordReader.Read(new MemoryStream(ContractSamples.Utf8(accounts)), "a", AccountCodec.Instance, report));
        Assert.Contains("'created_at'", Assert.Single(report.FirstDiagnostics).Detail);

        report = new ReadReport();
        var labels = "{\"account_id\":\"a\",\"label\":\"evil\"}\n{\"account_id\":\"b\",\"label\":\"attack\"}\n{\"label\":\"organic\"}\n";
        Assert.Single(RecordReader.Read(new MemoryStream(ContractSamples.Utf8(labels)), "l", LabelCodec.Instance, report));
        Assert.Equal([ReadProblems.InvalidValue, ReadProblems.MissingField], report.FirstDiagnostics.Select(d => d.Problem));
    }
}
