using System.Text;
using System.Text.Json;
using Moat.Gateway.Enforcement;
using Moat.Gateway.Hosting;
using Moat.Gateway.Tests.Support;

namespace Moat.Gateway.Tests;

public sealed class WatermarkHookTests
{
    /// <summary>Marks every response so the test can see the hook was applied where it should be.</summary>
    private sealed class UpperCaseMark : IResponseWatermark
    {
        public int Bodies, Events;
        public byte[] MarkBody(WatermarkContext context, ReadOnlySpan<byte> body)
        {
            Interlocked.Increment(ref Bodies);
            return Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("echo:", "ECHO:", StringComparison.Ordinal));
        }
        public byte[] MarkEvent(WatermarkContext context, ReadOnlySpan<byte> data)
        {
            Interlocked.Increment(ref Events);
            return Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(data).Replace("echo:", "ECHO:", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Watermark_accounts_get_responses_through_the_hook_and_others_do_not()
    {
        var mark = new UpperCaseMark();
        var dir = Directory.CreateTempSubdirectory("moat-wm-").FullName;
        await using var upstream = await FakeUpstream.StartAsync();
        var keys = Path.Combine(dir, "keys.csv");
        var enforcement = Path.Combine(dir, "enforcement.csv");
        await File.WriteAllTextAsync(keys, "sk-w,acct_w\nsk-a,acct_a\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(enforcement, "account_id,action,campaign_id,score,reason\nacct_w,watermark,camp_3,0.7,trace\n", TestContext.Current.CancellationToken);
        await using var gateway = await GatewayServer.StartAsync(new GatewayOptions
        {
            Upstream = upstream.BaseUrl, KeysPath = keys, EnforcementPath = enforcement, Port = 0, AdminPort = -1,
        }, watermark: mark, cancel: TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gateway.Port}") };

        async Task<string> Ask(string key, bool stream)
        {
            using var req = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
            {
                Content = new StringContent(JsonSerializer.Serialize(new { model = "m", stream, messages = new[] { new { role = "user", content = "mark me" } } }), Encoding.UTF8, "application/json"),
            };
            req.Headers.Authorization = new("Bearer", key);
            using var res = await http.SendAsync(req, TestContext.Current.CancellationToken);
            return await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        }

        Assert.Contains("ECHO: mark me", await Ask("sk-w", stream: false));
        Assert.Contains("ECHO:", await Ask("sk-w", stream: true));
        Assert.Contains("echo: mark me", await Ask("sk-a", stream: false));
        Assert.Equal(1, mark.Bodies);
        Assert.True(mark.Events >= 5);
        try { Directory.Delete(dir, true); } catch (IOException) { }
    }
}
