using System.Collections.Frozen;
using Moat.Contract.Io;
using Moat.Contract.Json;
using Moat.Contract.Records;

namespace Moat.Gateway.Accounts;

/// <summary>The account registry (<c>accounts.jsonl</c>): who signed up when, from where, paying how.</summary>
public sealed class AccountRegistry
{
    private volatile FrozenDictionary<string, Account> _accounts = FrozenDictionary<string, Account>.Empty;
    private int _version;

    /// <summary>Changes on every reload, so indexes built from the registry know when to rebuild.</summary>
    public int Version => Volatile.Read(ref _version);

    public int Count => _accounts.Count;

    /// <summary>Bad lines of the last load (they are skipped, the rest is kept).</summary>
    public long BadLines { get; private set; }

    public Account? Find(string accountId) => _accounts.GetValueOrDefault(accountId);

    public IEnumerable<Account> All => _accounts.Values;

    public void Load(string path)
    {
        var report = new ReadReport();
        var table = new Dictionary<string, Account>(StringComparer.Ordinal);
        foreach (var account in RecordReader.Read(path, AccountCodec.Instance, report, requireRecords: false))
            table[account.AccountId] = account;
        Set(table.Values);
        BadLines = report.BadLines;
    }

    public void Set(IEnumerable<Account> accounts)
    {
        _accounts = accounts.ToFrozenDictionary(a => a.AccountId, StringComparer.Ordinal);
        Interlocked.Increment(ref _version);
    }
}
