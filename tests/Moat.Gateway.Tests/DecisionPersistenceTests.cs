using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Moat.Gateway.Decisions;
using Moat.Gateway.Tests.Support;

namespace Moat.Gateway.Tests;

/// <summary>Admin and online decisions survive a restart; enforcement.csv reloads never touch them.</summary>
public sealed class DecisionPersistenceTests
{
    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
    private static readonly object Chat = new { model = "fake-model", messages = new[] { new { role = "user", content = "hello" } } };
    private const string Header = "account_id,action,campaign_id,score,reason\n";

    private static async Task<HttpStatusCode> Call(GatewayHarness h, string key)
    {
        using var client = h.Client(key);
        using var r = await client.PostAsync("/v1/chat/completions", Json(Chat), TestContext.Current.CancellationToken);
        return r.StatusCode;
    }

    [Fact]
    public async Task Admin_decision_still_applies_after_a_restart()
    {
        await using var h = await GatewayHarness.StartAsync(Header);
        using (var admin = h.Admin())
        {
            using var put = await admin.PutAsync("/admin/decisions/acct_alice", Json(new { action = "block", reason = "confirmed by trust & safety", campaign_id = "camp_7" }),
                TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
        Assert.Equal(HttpStatusCode.Forbidden, await Call(h, "sk-alice"));

        await h.RestartAsync();

        Assert.Equal(HttpStatusCode.Forbidden, await Call(h, "sk-alice"));
        Assert.Equal(HttpStatusCode.OK, await Call(h, "sk-bob"));
        using var after = h.Admin();
        var view = JsonNode.Parse(await after.GetStringAsync("/admin/decisions/acct_alice", TestContext.Current.CancellationToken))!;
        Assert.Equal("admin", (string?)view["source"]);
        Assert.Equal("camp_7", (string?)view["campaign_id"]);
        Assert.Equal("confirmed by trust & safety", (string?)view["reason"]);
        Assert.Equal(1, h.Gateway.State.Store!.Restored);
    }

    [Fact]
    public async Task Removed_admin_decision_stays_removed_after_a_restart()
    {
        await using var h = await GatewayHarness.StartAsync(Header);
        using (var admin = h.Admin())
        {
            (await admin.PutAsync("/admin/decisions/acct_alice", Json(new { action = "block" }), TestContext.Current.CancellationToken)).Dispose();
            using var delete = await admin.DeleteAsync("/admin/decisions/acct_alice", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }
        await h.RestartAsync();
        Assert.Equal(HttpStatusCode.OK, await Call(h, "sk-alice"));
    }

    [Fact]
    public async Task Enforcement_reload_does_not_wipe_an_admin_override_and_admin_allow_beats_a_scan_block()
    {
        await using var h = await GatewayHarness.StartAsync(Header + "acct_bob,block,camp_1,0.97,scan\n");
        Assert.Equal(HttpStatusCode.Forbidden, await Call(h, "sk-bob"));
        using var admin = h.Admin();
        // A false positive cleared by an operator, and another account pinned by hand.
        (await admin.PutAsync("/admin/decisions/acct_bob", Json(new { action = "allow", reason = "false positive" }), TestContext.Current.CancellationToken)).Dispose();
        (await admin.PutAsync("/admin/decisions/acct_carol", Json(new { action = "block" }), TestContext.Current.CancellationToken)).Dispose();
        Assert.Equal(HttpStatusCode.OK, await Call(h, "sk-bob"));

        // The next scan still lists bob and says nothing of carol.
        await File.WriteAllTextAsync(Path.Combine(h.Directory, "enforcement.csv"),
            Header + "acct_bob,block,camp_1,0.98,scan again\nacct_dave,block,camp_1,0.9,new\n", TestContext.Current.CancellationToken);
        Assert.Equal(1, h.Gateway.State.Reload());

        Assert.Equal(HttpStatusCode.OK, await Call(h, "sk-bob"));
        Assert.Equal(HttpStatusCode.Forbidden, await Call(h, "sk-carol"));
        Assert.Equal(HttpStatusCode.Forbidden, await Call(h, "sk-dave"));

        await h.RestartAsync();
        Assert.Equal(HttpStatusCode.OK, await Call(h, "sk-bob"));
        Assert.Equal(HttpStatusCode.Forbidden, await Call(h, "sk-carol"));
        Assert.Equal(HttpStatusCode.Forbidden, await Call(h, "sk-dave"));
    }

    [Fact]
    public async Task Online_regrowth_block_survives_a_restart_even_when_the_scan_no_longer_lists_the_original()
    {
        const string accounts = """
            {"account_id":"acct_bob","created_at":"2026-01-01T00:00:00Z","payment_fingerprint":"card_x"}
            {"account_id":"acct_new","created_at":"2026-11-30T00:00:00Z","payment_fingerprint":"card_x"}
            """;
        await using var h = await GatewayHarness.StartAsync(Header + "acct_bob,block,camp_1,0.97,scan\n", accounts);
        Assert.Equal(HttpStatusCode.Forbidden, await Call(h, "sk-new"));

        await File.WriteAllTextAsync(Path.Combine(h.Directory, "enforcement.csv"), Header, TestContext.Current.CancellationToken);
        await h.RestartAsync();

        // Without the stored online block, acct_new would be served: bob is no longer blocked, so
        // regrowth has nothing to link it to.
        Assert.Equal(HttpStatusCode.OK, await Call(h, "sk-bob"));
        Assert.Equal(HttpStatusCode.Forbidden, await Call(h, "sk-new"));
        var restored = h.Gateway.State.Decisions.Get("acct_new", DecisionSource.Online)!;
        Assert.Equal(GatewayAction.Block, restored.Action);
        Assert.Contains("payment fingerprint", restored.Reason);

        // An operator withdraws it; that too is kept.
        using var admin = h.Admin();
        using var delete = await admin.DeleteAsync("/admin/decisions/acct_new?source=online", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await h.RestartAsync();
        Assert.Equal(HttpStatusCode.OK, await Call(h, "sk-new"));
    }

    [Fact]
    public async Task Online_rate_throttle_is_stored_and_a_later_raise_replaces_the_earlier_row()
    {
        var dir = Path.Combine(Path.GetTempPath(), "moat-store-" + Guid.NewGuid().ToString("N")[..10]);
        var path = Path.Combine(dir, "decisions.db");
        try
        {
            var now = new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);
            var book = new DecisionBook();
            await using (var store = DecisionStore.Open(path, book, e => throw e))
            {
                book.RaiseOnline(new AccountDecision("acct_x", GatewayAction.Review, DecisionSource.Online, null, 0.5, "rate: review", now));
                book.RaiseOnline(new AccountDecision("acct_x", GatewayAction.Throttle, DecisionSource.Online, null, 0.7, "rate: throttle", now));
                book.RaiseOnline(new AccountDecision("acct_x", GatewayAction.Review, DecisionSource.Online, null, 0.5, "lower: ignored", now));
                Assert.True(await store.FlushAsync());
            }

            var again = new DecisionBook();
            await using (var store = DecisionStore.Open(path, again, e => throw e))
            {
                Assert.Equal(1, store.Restored);
                var d = again.Find("acct_x")!;
                Assert.Equal((GatewayAction.Throttle, DecisionSource.Online, "rate: throttle", now), (d.Action, d.Source, d.Reason, d.DecidedAt));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_fails_the_start_with_its_path()
    {
        var dir = Path.Combine(Path.GetTempPath(), "moat-store-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "decisions.db");
        await File.WriteAllTextAsync(path, "this is not sqlite, just text that is long enough to have a header of some sort\n", TestContext.Current.CancellationToken);
        try
        {
            var e = Assert.Throws<FormatException>(() => DecisionStore.Open(path, new DecisionBook(), _ => { }));
            Assert.Contains(path, e.Message);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
