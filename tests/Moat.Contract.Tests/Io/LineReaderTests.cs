using System.IO.Compression;
using System.Text;
using Moat.Contract.Io;

namespace Moat.Contract.Tests.Io;

public sealed class LineReaderTests
{
    /// <summary>Lines of varying length (1 byte to ~3 KB) so that many of them straddle buffer boundaries.</summary>
    private static List<string> VaryingLines(int count, int seed)
    {
        var random = new Random(seed);
        var lines = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            int length = random.Next(1, 3000);
            var prefix = $"{i}:";
            lines.Add(prefix + new string((char)('a' + random.Next(26)), Math.Max(0, length - prefix.Length)));
        }
        return lines;
    }

    private static byte[] Join(List<string> lines, string newline = "\n") =>
        Encoding.UTF8.GetBytes(string.Join(newline, lines) + newline);

    private static byte[] Gzip(byte[] plain)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(plain);
        return output.ToArray();
    }

    private static List<string> ReadAll(Stream stream, int initialBuffer = 1 << 16)
    {
        var result = new List<string>();
        using var reader = new LineReader(ContractInput.Decompress(stream), initialBuffer: initialBuffer);
        while (reader.Next(out var line) == LineStatus.Line)
        {
            result.Add(Encoding.UTF8.GetString(line.Span));
            Assert.Equal(result.Count, reader.LineNumber);
        }
        return result;
    }

    [Fact]
    public void Reads_every_line_of_a_multi_megabyte_plain_file()
    {
        var lines = VaryingLines(3000, seed: 1);
        var bytes = Join(lines);
        Assert.True(bytes.Length > 4 * 1024 * 1024);
        Assert.Equal(lines, ReadAll(new MemoryStream(bytes)));
    }

    [Fact]
    public void Reads_every_line_of_a_multi_megabyte_gzip_file()
    {
        var lines = VaryingLines(3000, seed: 2);
        Assert.Equal(lines, ReadAll(new MemoryStream(Gzip(Join(lines)))));
    }

    [Fact]
    public void Reads_crlf_lines_across_a_tiny_buffer()
    {
        // A 16-byte initial buffer forces compaction and growth on almost every line.
        var lines = VaryingLines(500, seed: 3);
        Assert.Equal(lines, ReadAll(new MemoryStream(Join(lines, "\r\n")), initialBuffer: 16));
    }

    [Fact]
    public void Reads_a_stream_that_returns_one_byte_at_a_time()
    {
        var lines = VaryingLines(200, seed: 4);
        Assert.Equal(lines, ReadAll(new TrickleStream(Join(lines))));
    }

    [Fact]
    public void Skips_a_line_longer_than_the_limit_and_keeps_the_lines_around_it()
    {
        var huge = new string('x', 200_000);
        var bytes = Encoding.UTF8.GetBytes($"first\n{huge}\nthird\n{huge}");
        using var reader = new LineReader(new MemoryStream(bytes), maxLineBytes: 4096, initialBuffer: 256);
        Assert.Equal(LineStatus.Line, reader.Next(out var first));
        Assert.Equal("first", Encoding.UTF8.GetString(first.Span));
        Assert.Equal(LineStatus.TooLong, reader.Next(out _));
        Assert.Equal(2, reader.LineNumber);
        Assert.Equal(LineStatus.Line, reader.Next(out var third));
        Assert.Equal("third", Encoding.UTF8.GetString(third.Span));
        Assert.Equal(3, reader.LineNumber);
        Assert.Equal(LineStatus.TooLong, reader.Next(out _));
        Assert.Equal(4, reader.LineNumber);
        Assert.Equal(LineStatus.End, reader.Next(out _));
    }

    [Fact]
    public void Counts_blank_lines_in_line_numbers_without_returning_them()
    {
        using var reader = new LineReader(new MemoryStream("a\n\n  \r\nb"u8.ToArray()));
        Assert.Equal(LineStatus.Line, reader.Next(out _));
        Assert.Equal(LineStatus.Line, reader.Next(out var b));
        Assert.Equal("b", Encoding.UTF8.GetString(b.Span));
        Assert.Equal(4, reader.LineNumber);
        Assert.Equal(LineStatus.End, reader.Next(out _));
    }

    [Fact]
    public void Removes_a_byte_order_mark_at_the_start_only()
    {
        using var reader = new LineReader(new MemoryStream([0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}', (byte)'\n', 0xEF, 0xBB, 0xBF, (byte)'x']));
        Assert.Equal(LineStatus.Line, reader.Next(out var first));
        Assert.Equal("{}", Encoding.UTF8.GetString(first.Span));
        Assert.Equal(LineStatus.Line, reader.Next(out var second));
        Assert.Equal(4, second.Length); // a BOM later in the file is content, not a marker
    }

    /// <summary>Returns at most one byte per read, as a slow pipe might.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 1)]);
    }
}
