using System.Buffers;
using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Moat.Gateway.Decisions;
using Moat.Gateway.Enforcement;
using Moat.Gateway.Keys;
using Moat.Gateway.Logging;
using Moat.Gateway.Metrics;
using Moat.Gateway.Scoring;

namespace Moat.Gateway.Proxy;

/// <summary>
/// The proxy's one request delegate: authenticate the key, decide, then answer (403, 429) or
/// forward, streaming the response back as it arrives and capturing it for the exchange log.
/// </summary>
public sealed class ProxyHandler(
    GatewayOptions options,
    HttpMessageInvoker upstream,
    ApiKeyDirectory keys,
    OnlineRules rules,
    AccountThrottle throttle,
    ExchangeLog log,
    GatewayMetrics metrics,
    IResponseWatermark watermark,
    TimeProvider time)
{
    private const int CopyBufferBytes = 16 << 10;
    private readonly ClientAddress _clientAddress = new(options.TrustedProxies);
    private readonly ClientFingerprint _fingerprint = new(new ClientAddress(options.TrustedProxies), options.TlsFingerprintHeader);
    private readonly string _upstreamBase = options.Upstream.GetLeftPart(UriPartial.Path).TrimEnd('/');
    private readonly int _maxCapture = options.Log.MaxCaptureBytes;
    private readonly string? _upstreamBearer = options.UpstreamKey is { } k ? "Bearer " + k : null;
    private readonly Uri _chatCompletionsUri = new(options.Upstream.GetLeftPart(UriPartial.Path).TrimEnd('/') + Routes.ChatCompletions);
    private readonly Uri _messagesUri = new(options.Upstream.GetLeftPart(UriPartial.Path).TrimEnd('/') + Routes.Messages);

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string path = request.Path.Value ?? "/";
        var route = Routes.Classify(path, options.PassThroughPrefixes);
        metrics.Request(route);
        if (route == RouteKind.Health)
        {
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("ok\n", context.RequestAborted);
            return;
        }

        var owner = ResolveKey(request.Headers, out bool anthropicKey, out bool hasKey);
        var provider = route == RouteKind.Messages || (route != RouteKind.ChatCompletions && anthropicKey) ? Provider.Anthropic : Provider.OpenAI;
        if (route == RouteKind.NotFound)
        {
            await Refuse(context, provider, GatewayError.NotFound, $"Unknown path {path}.");
            return;
        }

        if (owner is null)
        {
            metrics.Unauthorized();
            await Refuse(context, provider, GatewayError.InvalidKey,
                hasKey ? "Invalid API key provided." : "No API key provided.");
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        long started = Stopwatch.GetTimestamp();
        var decision = rules.Decide(owner.AccountId, now);
        var action = decision?.Action ?? GatewayAction.Allow;
        metrics.Decision(action);

        if (request.ContentLength > options.MaxRequestBodyBytes)
        {
            await Refuse(context, provider, GatewayError.TooLarge, $"Request body is larger than {options.MaxRequestBodyBytes:N0} bytes.");
            return;
        }

        ExchangeCapture? capture = null;
        try
        {
            if (Routes.IsLogged(route))
            {
                capture = NewCapture(context, owner, path, provider, now);
                if (!await capture.Request.FillAsync(request.Body, context.RequestAborted))
                {
                    await Refuse(context, provider, GatewayError.TooLarge, $"Request body is larger than {options.MaxRequestBodyBytes:N0} bytes.");
                    capture.Status = StatusCodes.Status413PayloadTooLarge;
                    return;
                }
            }

            if (action == GatewayAction.Block)
            {
                await Refuse(context, provider, GatewayError.Blocked,
                    "This account has been blocked for activity that violates the usage policies.");
                if (capture is not null) capture.Status = StatusCodes.Status403Forbidden;
                return;
            }
            if (action == GatewayAction.Throttle && !throttle.TryAcquire(owner.AccountId, out var retryAfter))
            {
                await Refuse(context, provider, GatewayError.Throttled,
                    "Rate limit reached for this account. Retry after the time in the Retry-After header.", retryAfter);
                if (capture is not null) capture.Status = StatusCodes.Status429TooManyRequests;
                return;
            }

            int status = await ForwardAsync(context, route, provider, anthropicKey, action, owner.AccountId, capture, path, ready: Stopwatch.GetTimestamp());
            if (capture is not null) capture.Status = status;
        }
        finally
        {
            if (capture is not null)
            {
                capture.LatencyMs = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                // A capture without a status never reached a response (cancelled while reading the body).
                if (capture.Status == 0) capture.Dispose();
                else log.Offer(capture);
            }
        }
    }

    private ApiKeyOwner? ResolveKey(IHeaderDictionary headers, out bool anthropicKey, out bool hasKey)
    {
        var key = HeaderForwarding.ClientKey(headers, out anthropicKey);
        hasKey = !key.IsEmpty;
        return hasKey ? keys.Resolve(key) : null;
    }

    private ExchangeCapture NewCapture(HttpContext context, ApiKeyOwner owner, string path, Provider provider, DateTime now) => new()
    {
        Ts = now,
        AccountId = owner.AccountId,
        ApiKeyId = owner.ApiKeyId,
        Ip = _clientAddress.Resolve(context),
        UserAgent = context.Request.Headers.UserAgent is { Count: > 0 } ua ? ua.ToString() : null,
        TlsFingerprint = _fingerprint.Resolve(context),
        Endpoint = path,
        Provider = provider,
        Request = new CaptureBuffer((int)Math.Min(options.MaxRequestBodyBytes, int.MaxValue),
            (int)Math.Clamp(context.Request.ContentLength ?? 4096, 256, 1 << 20)),
    };

    private async Task Refuse(HttpContext context, Provider provider, GatewayError error, string message, TimeSpan? retryAfter = null)
    {
        metrics.Response(ProviderErrors.Status(error));
        await ProviderErrors.WriteAsync(context, provider, error, message, retryAfter);
    }

    /// <summary>Forwards to the upstream and relays its answer; returns the status the client got.</summary>
    /// <param name="ready">When the request was ready to forward (its body read): the start of the gateway's own time.</param>
    private async Task<int> ForwardAsync(HttpContext context, RouteKind route, Provider provider, bool anthropicKey,
        GatewayAction action, string accountId, ExchangeCapture? capture, string path, long ready)
    {
        var cancel = context.RequestAborted;
        bool degrade = action == GatewayAction.Degrade && capture is not null;
        bool mark = action == GatewayAction.Watermark && capture is not null;

        using var message = new HttpRequestMessage(HttpMethod.Parse(context.Request.Method), UpstreamUri(route, path, context.Request.QueryString));
        if (capture is not null)
        {
            var body = capture.Request.Memory;
            if (degrade && ReasoningWithholding.StripRequest(provider, body.Span) is { } stripped) body = stripped;
            message.Content = new ReadOnlyMemoryContent(body);
        }
        else if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            message.Content = new StreamContent(context.Request.Body, CopyBufferBytes);
        }
        CopyRequestHeaders(context.Request.Headers, message, capture is not null);
        SetUpstreamKey(message, anthropicKey);

        long sent = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await upstream.SendAsync(message, cancel);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            metrics.ClientAbort();
            metrics.Response(0);
            return 499;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            metrics.UpstreamError();
            await Refuse(context, provider, GatewayError.UpstreamUnavailable, "The upstream API could not be reached.");
            return StatusCodes.Status502BadGateway;
        }

        using (response)
        {
            long answered = Stopwatch.GetTimestamp();
            metrics.UpstreamLatency.Observe(Stopwatch.GetElapsedTime(sent, answered).TotalSeconds);
            int status = (int)response.StatusCode;
            var target = context.Response;
            target.StatusCode = status;
            bool eventStream = IsEventStream(response);
            bool ok = status is >= 200 and < 300;
            bool rewrite = ok && (degrade || mark);
            CopyResponseHeaders(response, target, dropLength: rewrite);

            if (capture is not null)
            {
                capture.Response = new CaptureBuffer(_maxCapture, eventStream ? 16 << 10 : (int)Math.Clamp(ContentLength(response) ?? 4096, 256, 1 << 20));
                capture.ResponseIsEventStream = eventStream;
            }
            try
            {
                using var source = await response.Content.ReadAsStreamAsync(cancel);
                var context2 = mark ? new WatermarkContext(accountId, path, provider) : null;
                if (eventStream)
                {
                    context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
                    if (rewrite)
                        await RelayRewrittenEventsAsync(source, target, capture, degrade ? new ReasoningWithholding.StreamState(provider) : null, context2, cancel);
                    else
                        await RelayAsync(source, target, capture?.Response, flushEachRead: true, cancel);
                }
                else if (rewrite)
                {
                    await RelayRewrittenBodyAsync(source, target, capture!, provider, degrade, context2, cancel);
                }
                else
                {
                    await RelayAsync(source, target, capture?.Response, flushEachRead: false, cancel);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException && cancel.IsCancellationRequested)
            {
                // The client went away: disposing the response (leaving this block) closes the upstream
                // connection, which is how an HTTP/1.1 upstream learns of the cancellation.
                metrics.ClientAbort();
                metrics.Response(0);
                return 499;
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                // The upstream broke off mid-body; the client gets what arrived, then an aborted connection.
                metrics.UpstreamError();
                metrics.Response(status);
                context.Abort();
                return status;
            }
            metrics.Response(status);
            // A stream's relay lasts as long as the upstream keeps sending, so only whole bodies count.
            if (!eventStream)
                metrics.Overhead.Observe((Stopwatch.GetElapsedTime(ready, sent) + Stopwatch.GetElapsedTime(answered)).TotalSeconds);
            return status;
        }
    }

    private static async Task RelayAsync(Stream source, HttpResponse target, CaptureBuffer? capture, bool flushEachRead, CancellationToken cancel)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        try
        {
            var body = target.Body;
            while (true)
            {
                int n = await source.ReadAsync(buffer.AsMemory(0, CopyBufferBytes), cancel);
                if (n == 0) break;
                capture?.Append(buffer.AsSpan(0, n));
                await body.WriteAsync(buffer.AsMemory(0, n), cancel);
                if (flushEachRead) await body.FlushAsync(cancel);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task RelayRewrittenEventsAsync(Stream source, HttpResponse target, ExchangeCapture? capture,
        ReasoningWithholding.StreamState? degrade, WatermarkContext? markContext, CancellationToken cancel)
    {
        var rewriter = new SseRewriter(degrade, markContext is null ? null : watermark, markContext);
        var output = new ArrayBufferWriter<byte>(CopyBufferBytes);
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        try
        {
            while (true)
            {
                int n = await source.ReadAsync(buffer.AsMemory(0, CopyBufferBytes), cancel);
                if (n == 0) break;
                // The log keeps what the model produced; the client gets the rewritten events.
                capture?.Response?.Append(buffer.AsSpan(0, n));
                rewriter.Push(buffer.AsSpan(0, n), output);
                if (output.WrittenCount == 0) continue;
                await target.Body.WriteAsync(output.WrittenMemory, cancel);
                await target.Body.FlushAsync(cancel);
                output.ResetWrittenCount();
            }
            rewriter.Complete(output);
            if (output.WrittenCount > 0) await target.Body.WriteAsync(output.WrittenMemory, cancel);
            if (degrade is not null && rewriter.Rewritten > 0) metrics.Degraded();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task RelayRewrittenBodyAsync(Stream source, HttpResponse target, ExchangeCapture capture, Provider provider,
        bool degrade, WatermarkContext? markContext, CancellationToken cancel)
    {
        // Reasoning can sit anywhere in a JSON body, so the whole body is read before any of it is sent.
        var whole = new CaptureBuffer(int.MaxValue - 64, 64 << 10);
        try
        {
            await whole.FillAsync(source, cancel);
            capture.Response!.Append(whole.Span);
            ReadOnlyMemory<byte> body = whole.Memory;
            if (degrade && ReasoningWithholding.StripResponse(provider, body.Span) is { } stripped)
            {
                body = stripped;
                metrics.Degraded();
            }
            if (markContext is not null) body = watermark.MarkBody(markContext, body.Span);
            target.ContentLength = body.Length;
            await target.Body.WriteAsync(body, cancel);
        }
        finally
        {
            whole.Dispose();
        }
    }

    private static void CopyRequestHeaders(IHeaderDictionary headers, HttpRequestMessage message, bool logged)
    {
        var connection = headers.Connection;
        foreach (var header in headers)
        {
            if (HeaderForwarding.SkipUpstream(header.Key, connection)) continue;
            // Logged routes ask for an identity-encoded body so the gateway can read what it logs.
            if (logged && header.Key.Equals("Accept-Encoding", StringComparison.OrdinalIgnoreCase)) continue;
            var value = header.Value;
            // The single-value overload stores the string as it is; the enumerable one boxes and enumerates.
            if (value.Count == 1)
            {
                if (!message.Headers.TryAddWithoutValidation(header.Key, value[0]))
                    message.Content?.Headers.TryAddWithoutValidation(header.Key, value[0]);
            }
            else if (!message.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string?>)value))
            {
                message.Content?.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string?>)value);
            }
        }
    }

    private static bool IsEventStream(HttpResponseMessage response) =>
        response.Content.Headers.NonValidated.TryGetValues("Content-Type", out var type)
        && type.Count == 1
        && type.ToString().AsSpan().TrimStart().StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase);

    private static long? ContentLength(HttpResponseMessage response) =>
        response.Content.Headers.NonValidated.TryGetValues("Content-Length", out var length) && length.Count == 1
        && long.TryParse(length.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long n) ? n : null;

    private void SetUpstreamKey(HttpRequestMessage message, bool anthropicKey)
    {
        // The client's key never leaves the gateway; the upstream sees the provider key in the same header style.
        if (options.UpstreamKey is not { } upstreamKey) return;
        if (anthropicKey) message.Headers.TryAddWithoutValidation("x-api-key", upstreamKey);
        else message.Headers.TryAddWithoutValidation("Authorization", _upstreamBearer);
    }

    /// <summary>The two logged routes' upstream URIs are built once; other paths per request.</summary>
    private Uri UpstreamUri(RouteKind route, string path, QueryString query)
    {
        if (!query.HasValue)
        {
            if (route == RouteKind.ChatCompletions) return _chatCompletionsUri;
            if (route == RouteKind.Messages) return _messagesUri;
        }
        return new Uri(_upstreamBase + path + query.Value);
    }

    private static void CopyResponseHeaders(HttpResponseMessage response, HttpResponse target, bool dropLength)
    {
        // NonValidated: the raw strings as received, without parsing each header into typed values.
        var connection = response.Headers.NonValidated.TryGetValues("Connection", out var listed) ? new StringValues(listed.ToArray()) : StringValues.Empty;
        foreach (var header in response.Headers.NonValidated)
        {
            if (HeaderForwarding.IsHopByHop(header.Key) || HeaderForwarding.ListedIn(connection, header.Key)) continue;
            target.Headers[header.Key] = Values(header.Value);
        }
        foreach (var header in response.Content.Headers.NonValidated)
        {
            if (dropLength && header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
            target.Headers[header.Key] = Values(header.Value);
        }
    }

    private static StringValues Values(HeaderStringValues values) => values.Count == 1 ? new StringValues(values.ToString()) : new StringValues(values.ToArray());
}
