using System.Runtime.InteropServices;

namespace Moat.Detection.Features;

/// <summary>
/// Mines prompt templates in fixed memory plus a compact spill. While the log streams, every
/// exchange's LSH bands are counted in one count table per band (2^21 counters each, so memory does
/// not grow with the log) and (account, bands) is appended to a temp file of 28-byte records.
/// Afterwards the spill is replayed: each exchange joins the most populated of its band buckets if
/// that bucket reached the support threshold. Paraphrases of one template share at least one bucket
/// with the original, and that shared bucket is the fullest, so they fall together.
/// </summary>
public sealed class TemplateMiner : IDisposable
{
    private const int TableBits = 21;
    private const int TableMask = (1 << TableBits) - 1;

    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    private struct SpillRecord
    {
        public int Account;
        public TemplateBands Bands;
    }

    private readonly int[][] _counts = new int[TemplateSketch.Bands][];
    private readonly string _spillPath;
    private readonly FileStream _spill;
    private readonly SpillRecord[] _buffer = new SpillRecord[8192];
    private int _buffered;
    private readonly Dictionary<ulong, MinedTemplate> _byBucket = [];
    private readonly List<MinedTemplate> _templates = [];

    public TemplateMiner(string? spillDirectory = null)
    {
        for (int b = 0; b < _counts.Length; b++) _counts[b] = new int[1 << TableBits];
        _spillPath = Path.Combine(spillDirectory ?? Path.GetTempPath(), $"moat-spill-{Guid.NewGuid():N}.bin");
        _spill = new FileStream(_spillPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
    }

    public IReadOnlyList<MinedTemplate> Templates => _templates;

    public void Observe(int account, in TemplateBands bands)
    {
        if (bands[0] == 0) return; // no prompt text: nothing to mine
        for (int b = 0; b < TemplateSketch.Bands; b++) _counts[b][(int)(bands[b] & TableMask)]++;
        _buffer[_buffered].Account = account;
        _buffer[_buffered].Bands = bands;
        if (++_buffered == _buffer.Length) FlushSpill();
    }

    private void FlushSpill()
    {
        _spill.Write(MemoryMarshal.AsBytes(_buffer.AsSpan(0, _buffered)));
        _buffered = 0;
    }

    /// <summary>The template an exchange with these bands belongs to, or null.</summary>
    public MinedTemplate? Resolve(in TemplateBands bands, int minSupport, bool create)
    {
        if (bands[0] == 0) return null;
        int bestBand = -1, bestCount = 0;
        for (int b = 0; b < TemplateSketch.Bands; b++)
        {
            int c = _counts[b][(int)(bands[b] & TableMask)];
            if (c > bestCount) { bestCount = c; bestBand = b; }
        }
        if (bestBand < 0 || bestCount < minSupport) return null;
        ulong bucket = ((ulong)bestBand << 32) | bands[bestBand];
        if (_byBucket.TryGetValue(bucket, out var t)) return t;
        if (!create) return null;
        t = new MinedTemplate(_templates.Count, bestBand, bands[bestBand]);
        _byBucket[bucket] = t;
        _templates.Add(t);
        return t;
    }

    /// <summary>Replays the spill and assigns every exchange to its template and account.</summary>
    public void Assign(IReadOnlyList<AccountBehaviour> accounts, int minSupport)
    {
        FlushSpill();
        _spill.Flush();
        _spill.Position = 0;
        var bytes = MemoryMarshal.AsBytes(_buffer.AsSpan());
        while (true)
        {
            int read = 0;
            while (read < bytes.Length)
            {
                int n = _spill.Read(bytes[read..]);
                if (n == 0) break;
                read += n;
            }
            int records = read / Marshal.SizeOf<SpillRecord>();
            for (int i = 0; i < records; i++)
            {
                ref var r = ref _buffer[i];
                var t = Resolve(r.Bands, minSupport, create: true);
                if (t is null) continue;
                t.Exchanges++;
                var account = accounts[r.Account];
                account.Templates.Add(t.Id);
                account.TemplatedExchanges++;
            }
            if (read < bytes.Length) break;
        }
        _buffered = 0;

        foreach (var account in accounts)
        {
            for (int i = 0; i < account.Templates.Count; i++)
            {
                // A template counts for an account when it is a real habit, not one stray prompt.
                if (account.Templates.CountOf(i) >= 2) _templates[account.Templates.Key(i)].Accounts.Add(account.Index);
            }
            foreach (var example in account.Examples)
            {
                var t = Resolve(example.Bands, minSupport, create: false);
                if (t is not null && t.Examples.Count < 3) t.Examples.Add(example.Text);
            }
        }
    }

    public void Dispose() => _spill.Dispose();
}
