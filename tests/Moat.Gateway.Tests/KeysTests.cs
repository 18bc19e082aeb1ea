using Microsoft.Data.Sqlite;
using Moat.Gateway.Keys;

namespace Moat.Gateway.Tests;

public sealed class KeysTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("moat-keys-").FullName;

    [Fact]
    public void Csv_keys_file_maps_plain_and_hashed_keys_and_skips_comments()
    {
        var path = Path.Combine(_dir, "keys.csv");
        File.WriteAllText(path, $"""
            api_key,account_id,api_key_id
            # staff
            sk-plain,acct_1,key_1
            sha256:{ApiKeyDirectory.Digest("sk-hashed")},acct_2

            """);
        var keys = new ApiKeyDirectory();
        keys.Load(path);
        Assert.Equal(new ApiKeyOwner("acct_1", "key_1"), keys.Resolve("sk-plain"));
        Assert.Equal(new ApiKeyOwner("acct_2", null), keys.Resolve("sk-hashed"));
        Assert.Null(keys.Resolve("sk-other"));
        Assert.Null(keys.Resolve(""));
    }

    [Fact]
    public void Malformed_keys_file_names_the_line()
    {
        var path = Path.Combine(_dir, "keys.csv");
        File.WriteAllText(path, "sk-a,acct_1\nsk-b\n");
        var e = Assert.Throws<FormatException>(() => new ApiKeyDirectory().Load(path));
        Assert.Contains("keys.csv:2", e.Message);
    }

    [Fact]
    public void Sqlite_table_api_keys_is_read()
    {
        var path = Path.Combine(_dir, "keys.db");
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE api_keys(api_key TEXT, account_id TEXT, api_key_id TEXT); INSERT INTO api_keys VALUES ('sk-db','acct_db','k9'),('sk-db2','acct_db2',NULL);";
            cmd.ExecuteNonQuery();
        }
        var keys = new ApiKeyDirectory();
        keys.Load(path);
        Assert.Equal(new ApiKeyOwner("acct_db", "k9"), keys.Resolve("sk-db"));
        Assert.Equal(new ApiKeyOwner("acct_db2", null), keys.Resolve("sk-db2"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
