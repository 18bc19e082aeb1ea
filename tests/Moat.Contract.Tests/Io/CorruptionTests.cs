using Moat.Contract.Io;
using Moat.Contract.Json;

namespace Moat.Contract.Tests.Io;

/// <summary>
/// Random byte-level damage to valid files never crashes the reader, and never costs a line that
/// survived intact: the reader may only lose what was actually damaged.
/// </summary>
public sealed class CorruptionTests
{
    private const int Corruptions = 10_000;

    private static readonly byte[] Special = [(byte)'{', (byte)'}', (byte)'"', (byte)'\\', (byte)'\n', (byte)'\r', (byte)':', (byte)',', 0x00, 0x80, 0xC3, 0xED, 0xF4, 0xFF];

    [Fact]
    public void Plain_files_survive_random_corruption()
    {
        var random = new Random(20261201);
        var exchanges = ContractSamples.Jsonl(ContractSamples.Exchanges(12, seed: 31, textLength: 60), ExchangeCodec.Instance);
        var accounts = ContractSamples.Jsonl(Enumerable.Range(0, 12).Select(i => ContractSamples.Account(i, random)), AccountCodec.Instance);
        var labels = ContractSamples.Jsonl(Enumerable.Range(0, 12).Select(i => ContractSamples.Label(i, random)), LabelCodec.Instance);
        var exchangeLines = IntactLines(exchanges);
        var accountLines = IntactLines(accounts);
        var labelLines = IntactLines(labels);
        for (int i = 0; i < Corruptions; i++)
        {
            switch (i % 3)
            {
                case 0: Check(exchanges, exchangeLines, ExchangeCodec.Instance, random, i); break;
                case 1: Check(accounts, accountLines, AccountCodec.Instance, random, i); break;
                default: Check(labels, labelLines, LabelCodec.Instance, random, i); break;
            }
        }
    }

    [Fact]
    public void Gzip_files_survive_random_corruption()
    {
        var random = new Random(20261202);
        var originals = ContractSamples.Exchanges(40, seed: 32, textLength: 60);
        var gz = ContractSamples.Gzip(ContractSamples.Jsonl(originals, ExchangeCodec.Instance));
        var byId = originals.ToDictionary(e => e.Id);
        for (int i = 0; i < Corruptions / 10; i++)
        {
            var damaged = Corrupt(gz, random);
            var report = new ReadReport();
            var read = RecordReader.Read(new MemoryStream(damaged), "x.gz", ExchangeCodec.Instance, report, requireRecords: false).ToList();
            // Damage to a header byte may make the file plain text (no magic) — then it is only bad lines.
            // Whatever decodes, every record read must be a real line, or at least a well-formed record.
            Assert.True(read.Count <= originals.Count + report.BadLines + 1, $"corruption {i}: more records than lines");
            if (report.BadLines == 0)
            {
                Assert.All(read, e => Assert.Equal(byId[e.Id], e));
            }
        }
    }

    private static HashSet<string> IntactLines(byte[] file) => [.. SplitLines(file).Select(Convert.ToBase64String)];

    private static void Check<T>(byte[] original, HashSet<string> originalLines, IRecordCodec<T> codec, Random random, int iteration)
    {
        var damaged = Corrupt(original, random);
        var lines = SplitLines(damaged);
        var expected = new List<T>();
        int nonBlank = 0;
        foreach (var line in lines)
        {
            if (!IsBlank(line)) nonBlank++;
            if (originalLines.Contains(Convert.ToBase64String(line))) expected.Add(codec.Parse(line));
        }

        var report = new ReadReport();
        var read = RecordReader.Read(new MemoryStream(damaged), "damaged", codec, report, requireRecords: false).ToList();

        // Nothing dropped silently: every non-blank line is a record or a counted bad line.
        Assert.True(nonBlank == report.Records + report.BadLines,
            $"corruption {iteration}: {nonBlank} lines, {report.Records} records + {report.BadLines} bad");
        // Every intact line is read, in order (damaged lines may still happen to be valid records).
        int next = 0;
        foreach (var record in read)
        {
            if (next < expected.Count && Equals(record, expected[next])) next++;
        }
        Assert.True(next == expected.Count, $"corruption {iteration}: an intact line was lost ({next} of {expected.Count} found)");
    }

    /// <summary>Lines as the contract defines them: split on LF, one trailing CR removed.</summary>
    private static List<byte[]> SplitLines(byte[] bytes)
    {
        var lines = new List<byte[]>();
        int start = 0;
        for (int i = 0; i <= bytes.Length; i++)
        {
            if (i < bytes.Length && bytes[i] != (byte)'\n') continue;
            if (i == bytes.Length && start == bytes.Length) break;
            int end = i;
            if (end > start && bytes[end - 1] == (byte)'\r') end--;
            lines.Add(bytes[start..end]);
            start = i + 1;
        }
        return lines;
    }

    private static bool IsBlank(byte[] line) => line.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r');

    private static byte[] Corrupt(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        int operations = random.Next(1, 4);
        for (int op = 0; op < operations && bytes.Count > 0; op++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes[at] = Special[random.Next(Special.Length)]; break;
                case 2: bytes.RemoveRange(at, Math.Min(random.Next(1, 40), bytes.Count - at)); break;
                case 3:
                    var noise = new byte[random.Next(1, 20)];
                    random.NextBytes(noise);
                    bytes.InsertRange(at, noise);
                    break;
                case 4:
                    int length = Math.Min(random.Next(1, 200), bytes.Count - at);
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
                default: bytes.RemoveRange(at, bytes.Count - at); break;
            }
        }
        return [.. bytes];
    }
}
