using System.Globalization;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Moat.Gateway.Decisions;

/// <summary>
/// Keeps the gateway's own decisions (admin and online) in a SQLite file so that a restart neither
/// unblocks a regrown account nor forgets an operator's override. Scan decisions are not stored:
/// enforcement.csv is their record and is loaded again at start.
/// <para>
/// Writes are off the request path: <see cref="DecisionBook.Changed"/> only queues the account and
/// source, and one background task writes that source's <em>current</em> decision (or deletes the
/// row when there is none). Writing the current state rather than each change means the order in
/// which concurrent changes were queued cannot leave an older decision on disk.
/// </para>
/// </summary>
public sealed class DecisionStore : IAsyncDisposable
{
    private readonly record struct Dirty(string? AccountId, DecisionSource Source, TaskCompletionSource<bool>? Flushed);

    private readonly DecisionBook _book;
    private readonly SqliteConnection _connection;
    private readonly Channel<Dirty> _queue = Channel.CreateUnbounded<Dirty>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Action<Exception> _onError;
    private readonly Task _writer;
    private long _written, _failed;

    public string Path { get; }
    /// <summary>Decisions read back at start.</summary>
    public int Restored { get; }
    public long Written => Interlocked.Read(ref _written);
    public long Failed => Interlocked.Read(ref _failed);

    private DecisionStore(string path, DecisionBook book, SqliteConnection connection, int restored, Action<Exception> onError)
    {
        Path = path;
        _book = book;
        _connection = connection;
        _onError = onError;
        Restored = restored;
        book.Changed += OnChanged;
        _writer = Task.Run(DrainAsync);
    }

    /// <summary>
    /// Opens (creating if needed) the file, restores its decisions into <paramref name="book"/> and
    /// starts recording changes. A file that is not a usable database throws <see cref="FormatException"/>.
    /// </summary>
    public static DecisionStore Open(string path, DecisionBook book, Action<Exception> onError)
    {
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = NORMAL;
                CREATE TABLE IF NOT EXISTS decisions (
                    account_id  TEXT NOT NULL,
                    source      TEXT NOT NULL,
                    action      TEXT NOT NULL,
                    campaign_id TEXT,
                    score       REAL NOT NULL,
                    reason      TEXT NOT NULL,
                    decided_at  TEXT NOT NULL,
                    PRIMARY KEY (account_id, source)
                ) WITHOUT ROWID;
                """);
            var saved = Read(connection, full);
            book.Restore(saved);
            return new DecisionStore(full, book, connection, saved.Count, onError);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new FormatException($"{full}: not a usable decisions database: {e.Message}", e);
        }
    }

    private static List<AccountDecision> Read(SqliteConnection connection, string path)
    {
        var result = new List<AccountDecision>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT account_id, source, action, campaign_id, score, reason, decided_at FROM decisions";
        using var reader = command.ExecuteReader();
        int row = 0;
        while (reader.Read())
        {
            row++;
            var source = reader.GetString(1) switch
            {
                "admin" => DecisionSource.Admin,
                "online" => DecisionSource.Online,
                var other => throw new FormatException($"{path}: decisions row {row}: unknown source '{other}'"),
            };
            if (!GatewayActions.TryParse(reader.GetString(2), out var action))
                throw new FormatException($"{path}: decisions row {row}: unknown action '{reader.GetString(2)}'");
            var decidedAt = DateTime.Parse(reader.GetString(6), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            result.Add(new AccountDecision(reader.GetString(0), action, source, reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetDouble(4), reader.GetString(5), decidedAt));
        }
        return result;
    }

    private void OnChanged(string accountId, DecisionSource source) => _queue.Writer.TryWrite(new Dirty(accountId, source, null));

    /// <summary>
    /// Completes once every change queued before the call is on disk; false when a write since the
    /// previous flush failed (the decision still applies in memory).
    /// </summary>
    public Task<bool> FlushAsync()
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Dirty(null, default, done))) done.TrySetResult(false);
        return done.Task;
    }

    private async Task DrainAsync()
    {
        using var upsert = _connection.CreateCommand();
        upsert.CommandText = """
            INSERT INTO decisions (account_id, source, action, campaign_id, score, reason, decided_at)
            VALUES ($account, $source, $action, $campaign, $score, $reason, $decided)
            ON CONFLICT (account_id, source) DO UPDATE SET action = excluded.action, campaign_id = excluded.campaign_id,
                score = excluded.score, reason = excluded.reason, decided_at = excluded.decided_at
            """;
        var pAccount = upsert.Parameters.Add("$account", SqliteType.Text);
        var pSource = upsert.Parameters.Add("$source", SqliteType.Text);
        var pAction = upsert.Parameters.Add("$action", SqliteType.Text);
        var pCampaign = upsert.Parameters.Add("$campaign", SqliteType.Text);
        var pScore = upsert.Parameters.Add("$score", SqliteType.Real);
        var pReason = upsert.Parameters.Add("$reason", SqliteType.Text);
        var pDecided = upsert.Parameters.Add("$decided", SqliteType.Text);
        using var delete = _connection.CreateCommand();
        delete.CommandText = "DELETE FROM decisions WHERE account_id = $account AND source = $source";
        var dAccount = delete.Parameters.Add("$account", SqliteType.Text);
        var dSource = delete.Parameters.Add("$source", SqliteType.Text);

        bool failedSinceFlush = false;
        var batch = new List<Dirty>();
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < 512 && reader.TryRead(out var item)) batch.Add(item);
            try
            {
                // One transaction per batch: a burst of online raises costs one fsync, not one each.
                using var tx = _connection.BeginTransaction();
                upsert.Transaction = tx;
                delete.Transaction = tx;
                int rows = 0;
                foreach (var item in batch)
                {
                    if (item.AccountId is not { } account) continue;
                    string source = SourceName(item.Source);
                    if (_book.Get(account, item.Source) is { } d)
                    {
                        pAccount.Value = account;
                        pSource.Value = source;
                        pAction.Value = GatewayActions.Name(d.Action);
                        pCampaign.Value = (object?)d.CampaignId ?? DBNull.Value;
                        pScore.Value = d.Score;
                        pReason.Value = d.Reason;
                        pDecided.Value = d.DecidedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
                        upsert.ExecuteNonQuery();
                    }
                    else
                    {
                        dAccount.Value = account;
                        dSource.Value = source;
                        delete.ExecuteNonQuery();
                    }
                    rows++;
                }
                tx.Commit();
                Interlocked.Add(ref _written, rows);
            }
            catch (Exception e) when (e is SqliteException or IOException or InvalidOperationException)
            {
                failedSinceFlush = true;
                Interlocked.Increment(ref _failed);
                _onError(e);
            }
            finally
            {
                upsert.Transaction = null;
                delete.Transaction = null;
            }
            foreach (var item in batch)
            {
                if (item.Flushed is null) continue;
                item.Flushed.TrySetResult(!failedSinceFlush);
                failedSinceFlush = false;
            }
        }
    }

    private static string SourceName(DecisionSource source) => source == DecisionSource.Admin ? "admin" : "online";

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public async ValueTask DisposeAsync()
    {
        _book.Changed -= OnChanged;
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
