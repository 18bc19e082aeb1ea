namespace Moat.Gateway.Hosting;

/// <summary>
/// Reloads a file when its size or write time changes. Polling, not FileSystemWatcher: it also sees
/// files replaced by rename (how scans and config tools usually publish) and works on every mount.
/// A load that throws keeps the previous content, so a half-written file never empties a table.
/// </summary>
public sealed class WatchedFile : IDisposable
{
    private readonly string _path;
    private readonly Action<string> _load;
    private readonly Action<string, Exception> _onError;
    private readonly Timer _timer;
    private readonly Lock _gate = new();
    private (long Length, DateTime WriteTime) _seen = (-1, default);

    public WatchedFile(string path, Action<string> load, TimeSpan interval, Action<string, Exception> onError)
    {
        _path = path;
        _load = load;
        _onError = onError;
        CheckNow(throwOnError: true);
        _timer = new Timer(_ => CheckNow(throwOnError: false), null, interval, interval);
    }

    /// <summary>Times the file was (re)loaded successfully.</summary>
    public int Loads { get; private set; }

    /// <summary>Loads the file if it changed since the last look.</summary>
    public void CheckNow(bool throwOnError = false)
    {
        lock (_gate)
        {
            var info = new FileInfo(_path);
            if (!info.Exists)
            {
                if (throwOnError) throw new FileNotFoundException($"file not found: {_path}", _path);
                return;
            }
            var stamp = (info.Length, info.LastWriteTimeUtc);
            if (stamp == _seen) return;
            try
            {
                _load(_path);
                _seen = stamp;
                Loads++;
            }
            catch (Exception e) when (!throwOnError && e is IOException or FormatException or InvalidDataException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
            {
                _onError(_path, e);
            }
        }
    }

    public void Dispose() => _timer.Dispose();
}
