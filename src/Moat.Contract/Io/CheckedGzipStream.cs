using System.IO.Compression;
using System.Reflection;

namespace Moat.Contract.Io;

/// <summary>Raised when a gzip stream ends before its end marker: the file was cut short.</summary>
public sealed class TruncatedStreamException(string message) : IOException(message);

/// <summary>
/// A gzip decoder that notices truncation. <see cref="GZipStream"/> treats a stream that stops in the
/// middle of a member (a copy interrupted, a log still being written) as a normal end, so the lost tail
/// would vanish silently. At the end of input this asks the decoder whether its last member finished;
/// if not, the read throws <see cref="TruncatedStreamException"/> and the reader reports
/// <c>truncated_stream</c> after keeping every complete line before it.
/// </summary>
public sealed class CheckedGzipStream : ReadOnlyStream
{
    // The "has the inflater reached the end of the member" flag is not public; it is read by reflection
    // once per stream, at the end. If a future runtime renames it, truncation is no longer detected and
    // the test Truncated_gzip_is_reported fails rather than the reader.
    private static readonly FieldInfo? DeflateField =
        typeof(GZipStream).GetField("_deflateStream", BindingFlags.NonPublic | BindingFlags.Instance);
    private static readonly FieldInfo? InflaterField =
        typeof(DeflateStream).GetField("_inflater", BindingFlags.NonPublic | BindingFlags.Instance);
    private static readonly MethodInfo? FinishedMethod =
        InflaterField?.FieldType.GetMethod("Finished", BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes);

    private readonly GZipStream _gzip;
    private bool _ended;

    public CheckedGzipStream(Stream compressed) => _gzip = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: false);

    /// <summary>Whether this runtime lets the end-of-member check run.</summary>
    public static bool CanDetectTruncation => DeflateField is not null && InflaterField is not null && FinishedMethod is not null;

    public override int Read(Span<byte> buffer)
    {
        if (_ended || buffer.IsEmpty) return 0;
        int n = _gzip.Read(buffer);
        if (n > 0) return n;
        _ended = true;
        if (MemberUnfinished()) throw new TruncatedStreamException("gzip stream is truncated: it ends before the end of its last member");
        return 0;
    }

    private bool MemberUnfinished()
    {
        if (!CanDetectTruncation) return false;
        var deflate = DeflateField!.GetValue(_gzip);
        // No inflater means nothing was ever decoded: a header cut short is also a truncation.
        var inflater = deflate is null ? null : InflaterField!.GetValue(deflate);
        if (inflater is null) return true;
        return FinishedMethod!.Invoke(inflater, null) is false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _gzip.Dispose();
        base.Dispose(disposing);
    }
}
