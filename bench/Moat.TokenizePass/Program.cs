using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using Moat.Contract.Io;

// Bare pass over contract JSONL files: split lines and run Utf8JsonReader over every token, nothing
// else. It is the baseline that `moat scan` is measured against (goal: scan time <= 3x this pass).
// One thread on purpose: it is the cost of reading the bytes once, not a competing scanner.
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: moat-tokenize-pass FILE...   (plain or gzip; prints JSON with seconds, lines, tokens, bytes)");
    return 2;
}

var clock = Stopwatch.StartNew();
long lines = 0, tokens = 0, bytes = 0, invalid = 0;
byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
foreach (var path in args)
{
    using var stream = ContractInput.Open(path);
    int start = 0, end = 0;
    while (true)
    {
        if (end == buffer.Length)
        {
            if (start == 0)
            {
                // A line longer than the buffer: grow, as the contract reader must accept 10 MB lines.
                var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                buffer.AsSpan(0, end).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = bigger;
            }
            else
            {
                buffer.AsSpan(start, end - start).CopyTo(buffer);
                end -= start;
                start = 0;
            }
        }
        int read = stream.Read(buffer, end, buffer.Length - end);
        if (read == 0) break;
        bytes += read;
        end += read;
        while (true)
        {
            int nl = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
            if (nl < 0) break;
            Tokenize(buffer.AsSpan(start, nl));
            start += nl + 1;
        }
    }
    if (end > start) Tokenize(buffer.AsSpan(start, end - start));
}
ArrayPool<byte>.Shared.Return(buffer);
clock.Stop();
Console.WriteLine(JsonSerializer.Serialize(new
{
    seconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
    lines,
    tokens,
    invalid,
    bytes,
    mb_per_s = Math.Round(bytes / 1e6 / clock.Elapsed.TotalSeconds, 1),
    lines_per_s = Math.Round(lines / clock.Elapsed.TotalSeconds),
}));
return 0;

void Tokenize(ReadOnlySpan<byte> line)
{
    if (line.IsEmpty) return;
    lines++;
    var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 256 });
    try
    {
        while (reader.Read()) tokens++;
    }
    catch (JsonException)
    {
        invalid++;
    }
}
