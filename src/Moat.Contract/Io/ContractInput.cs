using System.IO.Compression;

namespace Moat.Contract.Io;

/// <summary>Opens a contract file: a path or <c>-</c> for stdin, plain or gzip (detected by magic bytes).</summary>
public static class ContractInput
{
    public const string StdinPath = "-";

    public static Stream Open(string path)
    {
        Stream raw = path == StdinPath
            ? Console.OpenStandardInput()
            : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan);
        return Decompress(raw);
    }

    /// <summary>Wraps <paramref name="raw"/> in a gzip decoder when it starts with 1F 8B, whatever its name.</summary>
    public static Stream Decompress(Stream raw)
    {
        var peekable = new BufferedStream(raw, 1 << 16);
        Span<byte> magic = stackalloc byte[2];
        int got = 0;
        // BufferedStream cannot un-read, so the two bytes are put back by a prefix stream.
        while (got < 2)
        {
            int n = peekable.Read(magic[got..]);
            if (n == 0) break;
            got += n;
        }
        var head = magic[..got].ToArray();
        Stream restored = new PrefixedStream(head, peekable);
        return got == 2 && head[0] == 0x1F && head[1] == 0x8B
            ? new CheckedGzipStream(restored)
            : restored;
    }

    public static bool IsGzipPath(string path) => path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);

    /// <summary>Opens <paramref name="path"/> for writing, gzip-compressed when the name ends in .gz.</summary>
    public static Stream Create(string path)
    {
        if (path == StdinPath) return Console.OpenStandardOutput();
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        Stream file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        return IsGzipPath(path) ? new GZipStream(file, CompressionLevel.Fastest, leaveOpen: false) : file;
    }

    private sealed class PrefixedStream(byte[] prefix, Stream inner) : ReadOnlyStream
    {
        private int _prefixPos;

        public override int Read(Span<byte> buffer)
        {
            if (_prefixPos < prefix.Length)
            {
                int n = Math.Min(buffer.Length, prefix.Length - _prefixPos);
                prefix.AsSpan(_prefixPos, n).CopyTo(buffer);
                _prefixPos += n;
                return n;
            }
            return inner.Read(buffer);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
