using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Moat.Gateway.Tests.Support;

/// <summary>What the fake upstream received.</summary>
public sealed record UpstreamRequest(string Method, string Path, Dictionary<string, string> Headers, string Body);

/// <summary>
/// An in-process OpenAI- and Anthropic-compatible API on an ephemeral port. It answers
/// "echo: PROMPT", adds reasoning when the request asks for it, streams when asked, and records
/// every request so tests can see what the gateway forwarded.
/// </summary>
public sealed class FakeUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    public ConcurrentQueue<UpstreamRequest> Requests { get; } = new();
    public TaskCompletionSource SlowStreamCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public int Port { get; private set; }
    public Uri BaseUrl => new($"http://127.0.0.1:{Port}");

    private FakeUpstream(WebApplication app) => _app = app;

    public static async Task<FakeUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeUpstream(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.Port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        return fake;
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        string body = await new StreamReader(ctx.Request.Body).ReadToEndAsync();
        var headers = ctx.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        Requests.Enqueue(new UpstreamRequest(ctx.Request.Method, ctx.Request.Path + ctx.Request.QueryString, headers, body));
        ctx.Response.Headers["x-upstream"] = "fake";
        ctx.Response.Headers["Keep-Alive"] = "timeout=5";
        if (ctx.Request.Headers.ContainsKey("x-fake-hop"))
        {
            // A header the upstream names in Connection is hop-by-hop; a repeated header keeps every value.
            ctx.Response.Headers["Connection"] = "x-upstream-hop";
            ctx.Response.Headers["x-upstream-hop"] = "must not pass";
            ctx.Response.Headers["x-multi"] = new Microsoft.Extensions.Primitives.StringValues(["one", "two"]);
        }
        switch (ctx.Request.Path.Value)
        {
            case "/v1/chat/completions": await ChatCompletions(ctx, JsonNode.Parse(body)!.AsObject()); break;
            case "/v1/messages": await Messages(ctx, JsonNode.Parse(body)!.AsObject()); break;
            case "/v1/models":
                await ctx.Response.WriteAsJsonAsync(new { @object = "list", data = new[] { new { id = "fake-model", @object = "model", created = 1, owned_by = "fake" } } });
                break;
            case "/v1/embeddings":
                await ctx.Response.WriteAsJsonAsync(new { @object = "list", data = Array.Empty<object>() });
                break;
            case "/v1/error":
                ctx.Response.StatusCode = 500;
                await ctx.Response.WriteAsJsonAsync(new { error = new { message = "upstream broke", type = "server_error", code = "boom" } });
                break;
            case "/v1/slow":
                ctx.Response.ContentType = "text/event-stream";
                try
                {
                    for (int i = 0; i < 600; i++)
                    {
                        await ctx.Response.WriteAsync($"data: {{\"tick\":{i}}}\n\n", ctx.RequestAborted);
                        await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
                        await Task.Delay(50, ctx.RequestAborted);
                    }
                }
                catch (OperationCanceledException) { SlowStreamCancelled.TrySetResult(); }
                catch (IOException) { SlowStreamCancelled.TrySetResult(); }
                break;
            default:
                ctx.Response.StatusCode = 404;
                break;
        }
    }

    private static string LastUser(JsonObject req)
    {
        var messages = req["messages"]!.AsArray();
        for (int i = messages.Count - 1; i >= 0; i--)
        {
            if ((string?)messages[i]!["role"] != "user") continue;
            var content = messages[i]!["content"];
            if (content is JsonValue) return (string)content!;
            return string.Concat(content!.AsArray().Select(p => (string?)p!["text"] ?? ""));
        }
        return "";
    }

    public const string Reasoning = "secret chain of thought";

    private static async Task ChatCompletions(HttpContext ctx, JsonObject req)
    {
        string text = "echo: " + LastUser(req);
        bool reasoning = req.ContainsKey("reasoning_effort") || ctx.Request.Headers.ContainsKey("x-fake-think");
        string model = (string?)req["model"] ?? "fake-model";
        if (req["stream"]?.GetValue<bool>() == true)
        {
            ctx.Response.ContentType = "text/event-stream";
            async Task Chunk(object chunk)
            {
                await ctx.Response.WriteAsync("data: " + JsonSerializer.Serialize(chunk) + "\n\n");
                await ctx.Response.Body.FlushAsync();
            }
            await Chunk(new { id = "chatcmpl-1", @object = "chat.completion.chunk", created = 1, model, choices = new[] { new { index = 0, delta = (object)new { role = "assistant", content = "" }, finish_reason = (string?)null } } });
            if (reasoning) await Chunk(new { id = "chatcmpl-1", @object = "chat.completion.chunk", created = 1, model, choices = new[] { new { index = 0, delta = (object)new { reasoning_content = Reasoning }, finish_reason = (string?)null } } });
            foreach (var piece in new[] { text[..(text.Length / 2)], text[(text.Length / 2)..] })
                await Chunk(new { id = "chatcmpl-1", @object = "chat.completion.chunk", created = 1, model, choices = new[] { new { index = 0, delta = (object)new { content = piece }, finish_reason = (string?)null } } });
            await Chunk(new { id = "chatcmpl-1", @object = "chat.completion.chunk", created = 1, model, choices = new[] { new { index = 0, delta = (object)new { }, finish_reason = (string?)"stop" } } });
            await Chunk(new { id = "chatcmpl-1", @object = "chat.completion.chunk", created = 1, model, choices = Array.Empty<object>(), usage = new { prompt_tokens = 11, completion_tokens = 7, total_tokens = 18, completion_tokens_details = new { reasoning_tokens = reasoning ? 4 : 0 } } });
            await ctx.Response.WriteAsync("data: [DONE]\n\n");
            return;
        }
        var message = new JsonObject { ["role"] = "assistant", ["content"] = text };
        if (reasoning) message["reasoning_content"] = Reasoning;
        var response = new JsonObject
        {
            ["id"] = "chatcmpl-1", ["object"] = "chat.completion", ["created"] = 1, ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = "stop" }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 11, ["completion_tokens"] = 7, ["total_tokens"] = 18, ["completion_tokens_details"] = new JsonObject { ["reasoning_tokens"] = reasoning ? 4 : 0 } },
        };
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(response.ToJsonString());
    }

    private static async Task Messages(HttpContext ctx, JsonObject req)
    {
        string text = "echo: " + LastUser(req);
        bool thinking = req.ContainsKey("thinking") || ctx.Request.Headers.ContainsKey("x-fake-think");
        string model = (string?)req["model"] ?? "fake-claude";
        if (req["stream"]?.GetValue<bool>() == true)
        {
            ctx.Response.ContentType = "text/event-stream";
            async Task Event(string name, object data)
            {
                await ctx.Response.WriteAsync($"event: {name}\ndata: {JsonSerializer.Serialize(data)}\n\n");
                await ctx.Response.Body.FlushAsync();
            }
            await Event("message_start", new { type = "message_start", message = new { id = "msg_1", type = "message", role = "assistant", model, content = Array.Empty<object>(), stop_reason = (string?)null, stop_sequence = (string?)null, usage = new { input_tokens = 13, output_tokens = 1 } } });
            int index = 0;
            if (thinking)
            {
                await Event("content_block_start", new { type = "content_block_start", index, content_block = new { type = "thinking", thinking = "", signature = "" } });
                await Event("content_block_delta", new { type = "content_block_delta", index, delta = new { type = "thinking_delta", thinking = Reasoning } });
                await Event("content_block_delta", new { type = "content_block_delta", index, delta = new { type = "signature_delta", signature = "sig" } });
                await Event("content_block_stop", new { type = "content_block_stop", index });
                index++;
            }
            await Event("content_block_start", new { type = "content_block_start", index, content_block = new { type = "text", text = "" } });
            await Event("ping", new { type = "ping" });
            foreach (var piece in new[] { text[..(text.Length / 2)], text[(text.Length / 2)..] })
                await Event("content_block_delta", new { type = "content_block_delta", index, delta = new { type = "text_delta", text = piece } });
            await Event("content_block_stop", new { type = "content_block_stop", index });
            await Event("message_delta", new { type = "message_delta", delta = new { stop_reason = "end_turn", stop_sequence = (string?)null }, usage = new { output_tokens = 9 } });
            await Event("message_stop", new { type = "message_stop" });
            return;
        }
        var content = new JsonArray();
        if (thinking) content.Add(new JsonObject { ["type"] = "thinking", ["thinking"] = Reasoning, ["signature"] = "sig" });
        content.Add(new JsonObject { ["type"] = "text", ["text"] = text });
        var response = new JsonObject
        {
            ["id"] = "msg_1", ["type"] = "message", ["role"] = "assistant", ["model"] = model, ["content"] = content,
            ["stop_reason"] = "end_turn", ["stop_sequence"] = null,
            ["usage"] = new JsonObject { ["input_tokens"] = 13, ["output_tokens"] = 9 },
        };
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(response.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
