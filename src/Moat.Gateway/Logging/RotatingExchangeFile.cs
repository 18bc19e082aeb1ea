using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Json;
using Moat.Contract.Json;
using Moat.Contract.Records;

namespace Moat.Gateway.Logging;

/// <summary>
/// The exchange log on disk: <c>exchanges-YYYYMMDDTHHMMSSZ.jsonl[.gz]</c> files in one directory, a new
/// one when the current reaches its size or age limit. Lines are written with the contract's
/// <see cref="ExchangeCodec"/>, so <c>moat scan</c> reads them like any other exchange log.
/// </summary>
public sealed class RotatingExchangeFile : IDisposable
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly string _directory;
    private readonly ExchangeLogOptions _options;
    private readonly TimeProvider _time;
    private readonly ArrayBufferWriter<byte> _line = new(16 << 10);
    private readonly Utf8JsonWriter _json;
    private FileStream? _file;
    private Stream? _stream;
    private DateTime _openedAt;
    private long _fileBytes;
    private long _unflushed;

    public RotatingExchangeFile(string directory, ExchangeLogOptions options, TimeProvider time)
    {
        _directory = directory;
        _options = options;
        _time = time;
        _json = new Utf8JsonWriter(_line, JsonOptions);
        Directory.CreateDirectory(directory);
    }

    /// <summary>The file being written, null before the first exchange.</summary>
    public string? CurrentPath { get; private set; }

    public long FilesOpened { get; private set; }

    public void Write(Exchange exchange)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (_stream is null || _fileBytes >= _options.RotateBytes || now - _openedAt >= _options.RotateInterval) Rotate(now);
        ExchangeCodec.Instance.Write(_json, exchange);
        _json.Flush();
        _json.Reset();
        _line.Write("\n"u8);
        _stream!.Write(_line.WrittenSpan);
        _fileBytes += _line.WrittenCount;
        _unflushed += _line.WrittenCount;
        _line.ResetWrittenCount();
    }

    /// <summary>
    /// Pushes buffered lines to the file when the queue runs dry, so the log on disk lags the traffic
    /// by at most one burst. Gzip members are only flushed on rotation, keeping compression useful.
    /// </summary>
    public void Flush()
    {
        if (_stream is null || _unflushed == 0) return;
        if (!_options.Gzip) _stream.Flush();
        _unflushed = 0;
    }

    private void Rotate(DateTime now)
    {
        Close();
        string stamp = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        string name = $"exchanges-{stamp}.jsonl" + (_options.Gzip ? ".gz" : "");
        string path = Path.Combine(_directory, name);
        for (int n = 1; File.Exists(path); n++) path = Path.Combine(_directory, $"exchanges-{stamp}-{n}.jsonl" + (_options.Gzip ? ".gz" : ""));
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16);
        _stream = _options.Gzip ? new GZipStream(_file, CompressionLevel.Fastest, leaveOpen: false) : _file;
        CurrentPath = path;
        _openedAt = now;
        _fileBytes = 0;
        FilesOpened++;
    }

    private void Close()
    {
        _stream?.Dispose();
        _stream = null;
        _file = null;
    }

    public void Dispose()
    {
        Close();
        _json.Dispose();
    }
}
