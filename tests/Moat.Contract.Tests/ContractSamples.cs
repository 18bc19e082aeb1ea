using System.IO.Compression;
using System.Text;
using Moat.Contract.Io;
using Moat.Contract.Json;
using Moat.Contract.Records;

namespace Moat.Contract.Tests;

/// <summary>Valid records and files for tests: deterministic for a seed, with unicode and escapes in the text.</summary>
internal static class ContractSamples
{
    private static readonly string[] Words =
        ["solve", "step", "by", "reasoning", "naïve", "日本語", "emoji 😀", "quote \"x\"", "back\\slash", "tab\there", "new\nline", "</script>"];

    public static Exchange Exchange(int i, Random random, int textLength = 200) => new()
    {
        Id = $"ex_{i:D6}",
        Ts = new DateTime(2026, 4, 22, 3, 14, 7, DateTimeKind.Utc).AddMilliseconds(i * 1731L),
        AccountId = $"acct_{random.Next(50):x4}",
        OrgId = random.Next(3) == 0 ? null : $"org_{random.Next(5)}",
        ApiKeyId = $"key_{random.Next(100)}",
        Ip = $"203.0.113.{random.Next(255)}",
        UserAgent = random.Next(2) == 0 ? "python-httpx/0.27.0" : null,
        TlsFingerprint = "t13d1516h2_8daaf6152771_02713d6af862",
        Endpoint = "/v1/messages",
        Model = "frontier-4",
        Request = new ExchangeRequest
        {
            System = random.Next(4) == 0 ? "You are helpful. ✓" : null,
            Messages = [new ChatMessage(ChatRoles.User, Text(random, textLength / 4))],
            Tools = random.Next(3),
            MaxTokens = 8192,
            Temperature = random.Next(3) == 0 ? null : random.Next(0, 200) / 100.0,
            Stream = false,
            Reasoning = random.Next(2) == 0,
        },
        Response = new ExchangeResponse
        {
            Status = 200,
            Text = Text(random, textLength),
            InputTokens = random.Next(10, 5000),
            OutputTokens = random.Next(10, 5000),
            ReasoningTokens = random.Next(2) == 0 ? null : random.Next(5000),
            FinishReason = "end_turn",
            LatencyMs = random.Next(100, 30000),
        },
    };

    public static Account Account(int i, Random random) => new()
    {
        AccountId = $"acct_{i:x4}",
        CreatedAt = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(i * 37L),
        OrgId = random.Next(2) == 0 ? null : $"org_{random.Next(5)}",
        EmailDomain = "example.com",
        PaymentFingerprint = $"pm_{random.Next(1000)}",
        Country = "DE",
        SignupIp = $"198.51.100.{random.Next(255)}",
        Tier = AccountTiers.Free,
        Verified = random.Next(3) switch { 0 => null, 1 => true, _ => false },
    };

    public static Label Label(int i, Random random)
    {
        bool attack = random.Next(3) == 0;
        return new Label
        {
            AccountId = $"acct_{i:x4}",
            Kind = attack ? LabelKinds.Attack : LabelKinds.Organic,
            CampaignId = attack ? $"camp_{random.Next(3)}" : null,
            Persona = attack ? "hydra-proxy" : null,
        };
    }

    public static string Text(Random random, int approxLength)
    {
        var sb = new StringBuilder(approxLength + 16);
        while (sb.Length < approxLength) sb.Append(Words[random.Next(Words.Length)]).Append(' ');
        return sb.ToString();
    }

    public static List<Exchange> Exchanges(int count, int seed, int textLength = 200)
    {
        var random = new Random(seed);
        var list = new List<Exchange>(count);
        for (int i = 0; i < count; i++) list.Add(Exchange(i, random, textLength));
        return list;
    }

    /// <summary>The JSONL bytes <see cref="RecordWriter{T}"/> produces for <paramref name="records"/>.</summary>
    public static byte[] Jsonl<T>(IEnumerable<T> records, IRecordCodec<T> codec)
    {
        var output = new MemoryStream();
        using (var writer = new RecordWriter<T>(new NonClosingStream(output), codec))
        {
            foreach (var r in records) writer.Write(r);
        }
        return output.ToArray();
    }

    public static byte[] Gzip(byte[] plain)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(plain);
        return output.ToArray();
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Lets a test read a MemoryStream after a writer disposed its stream.</summary>
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
    }
}

/// <summary>A temporary directory removed after the test.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "moat-contract-" + Guid.NewGuid().ToString("N"));

    public string File(string name, byte[] content)
    {
        var path = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
