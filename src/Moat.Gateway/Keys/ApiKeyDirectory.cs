using System.Collections.Frozen;
using Microsoft.Data.Sqlite;

namespace Moat.Gateway.Keys;

/// <summary>The account and key id behind one client API key.</summary>
public sealed record ApiKeyOwner(string AccountId, string? ApiKeyId);

/// <summary>
/// Maps client API keys to accounts. Keys are held only as SHA-256 digests, so a memory dump or a
/// keys file written with <c>sha256:HEX</c> entries never reveals them, and lookups do not compare
/// secrets character by character.
/// </summary>
public sealed class ApiKeyDirectory
{
    // Keyed by the digest's 32 bytes as a value, so a lookup on the request path allocates nothing.
    private volatile FrozenDictionary<KeyDigest, ApiKeyOwner> _byDigest = FrozenDictionary<KeyDigest, ApiKeyOwner>.Empty;

    public int Count => _byDigest.Count;

    public ApiKeyOwner? Resolve(ReadOnlySpan<char> apiKey)
    {
        if (apiKey.IsEmpty || apiKey.Length > 512) return null;
        return _byDigest.GetValueOrDefault(KeyDigest.Of(apiKey));
    }

    /// <summary>Loads a CSV keys file or, for <c>.db</c>/<c>.sqlite</c> files, the SQLite table <c>api_keys</c>.</summary>
    public void Load(string path)
    {
        var entries = IsSqlite(path) ? ReadSqlite(path) : ReadCsv(path);
        _byDigest = entries.ToFrozenDictionary();
    }

    /// <summary>Replaces the table directly (tests, embedding).</summary>
    public void Set(IEnumerable<(string ApiKey, ApiKeyOwner Owner)> keys) =>
        _byDigest = keys.ToFrozenDictionary(k => KeyDigest.Of(k.ApiKey), k => k.Owner);

    /// <summary>The <c>sha256:</c> form of a key (lower-case hex), as a keys file may list it.</summary>
    public static string Digest(ReadOnlySpan<char> apiKey)
    {
        Span<byte> hash = stackalloc byte[32];
        KeyDigest.Hash(apiKey, hash);
        return Convert.ToHexStringLower(hash);
    }

    private static bool IsSqlite(string path) =>
        path.EndsWith(".db", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".sqlite", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// <c>api_key,account_id[,api_key_id]</c> per line; <c>#</c> starts a comment; a header line
    /// starting with <c>api_key</c> is skipped; <c>sha256:HEX</c> stands for a key by its digest.
    /// </summary>
    private static Dictionary<KeyDigest, ApiKeyOwner> ReadCsv(string path)
    {
        var result = new Dictionary<KeyDigest, ApiKeyOwner>();
        int lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var fields = line.Split(',', StringSplitOptions.TrimEntries);
            if (lineNumber == 1 && fields[0].Equals("api_key", StringComparison.OrdinalIgnoreCase)) continue;
            if (fields.Length is < 2 or > 3 || fields[0].Length == 0 || fields[1].Length == 0)
                throw new FormatException($"{path}:{lineNumber}: expected api_key,account_id[,api_key_id]");
            Add(result, fields[0], new ApiKeyOwner(fields[1], fields.Length == 3 && fields[2].Length > 0 ? fields[2] : null), path, lineNumber);
        }
        return result;
    }

    private static Dictionary<KeyDigest, ApiKeyOwner> ReadSqlite(string path)
    {
        var result = new Dictionary<KeyDigest, ApiKeyOwner>();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT api_key, account_id, api_key_id FROM api_keys";
        using var reader = command.ExecuteReader();
        int row = 0;
        while (reader.Read())
        {
            row++;
            if (reader.IsDBNull(0) || reader.IsDBNull(1)) throw new FormatException($"{path}: api_keys row {row} has no api_key or account_id");
            Add(result, reader.GetString(0), new ApiKeyOwner(reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)), path, row);
        }
        return result;
    }

    private static void Add(Dictionary<KeyDigest, ApiKeyOwner> table, string key, ApiKeyOwner owner, string path, int line)
    {
        KeyDigest digest;
        if (key.StartsWith("sha256:", StringComparison.Ordinal))
        {
            if (!KeyDigest.TryParseHex(key.AsSpan(7), out digest))
                throw new FormatException($"{path}:{line}: sha256: must be followed by 64 hex digits");
        }
        else digest = KeyDigest.Of(key);
        if (!table.TryAdd(digest, owner)) throw new FormatException($"{path}:{line}: duplicate API key");
    }
}
