using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Moat.Gateway.Proxy;

/// <summary>The error kinds the gateway itself answers with.</summary>
public enum GatewayError { InvalidKey, Blocked, Throttled, NotFound, TooLarge, UpstreamUnavailable }

/// <summary>
/// Error bodies in each provider's own shape, so that official SDKs raise their usual typed errors:
/// OpenAI <c>{"error":{"message","type","code"}}</c>, Anthropic <c>{"type":"error","error":{"type","message"}}</c>.
/// </summary>
public static class ProviderErrors
{
    public static int Status(GatewayError error) => error switch
    {
        GatewayError.InvalidKey => StatusCodes.Status401Unauthorized,
        GatewayError.Blocked => StatusCodes.Status403Forbidden,
        GatewayError.Throttled => StatusCodes.Status429TooManyRequests,
        GatewayError.NotFound => StatusCodes.Status404NotFound,
        GatewayError.TooLarge => StatusCodes.Status413PayloadTooLarge,
        _ => StatusCodes.Status502BadGateway,
    };

    public static async Task WriteAsync(HttpContext context, Provider provider, GatewayError error, string message, TimeSpan? retryAfter = null)
    {
        var response = context.Response;
        response.StatusCode = Status(error);
        response.ContentType = "application/json";
        if (retryAfter is { } wait)
        {
            // Whole seconds, rounded up: a client that waits exactly this long gets a token.
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
        if (provider == Provider.Anthropic) response.Headers["x-should-retry"] = error == GatewayError.Throttled ? "true" : "false";
        else if (error != GatewayError.Throttled) response.Headers["x-should-retry"] = "false";
        await response.Body.WriteAsync(Body(provider, error, message), context.RequestAborted);
    }

    public static byte[] Body(Provider provider, GatewayError error, string message)
    {
        using var stream = new MemoryStream(256);
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            if (provider == Provider.Anthropic)
            {
                w.WriteString("type", "error");
                w.WriteStartObject("error");
                w.WriteString("type", AnthropicType(error));
                w.WriteString("message", message);
                w.WriteEndObject();
            }
            else
            {
                w.WriteStartObject("error");
                w.WriteString("message", message);
                var (type, code) = OpenAiTypeAndCode(error);
                w.WriteString("type", type);
                w.WriteString("code", code);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static string AnthropicType(GatewayError error) => error switch
    {
        GatewayError.InvalidKey => "authentication_error",
        GatewayError.Blocked => "permission_error",
        GatewayError.Throttled => "rate_limit_error",
        GatewayError.NotFound => "not_found_error",
        GatewayError.TooLarge => "request_too_large",
        _ => "api_error",
    };

    private static (string Type, string Code) OpenAiTypeAndCode(GatewayError error) => error switch
    {
        GatewayError.InvalidKey => ("invalid_request_error", "invalid_api_key"),
        GatewayError.Blocked => ("permission_error", "account_blocked"),
        GatewayError.Throttled => ("rate_limit_error", "rate_limit_exceeded"),
        GatewayError.NotFound => ("invalid_request_error", "unknown_url"),
        GatewayError.TooLarge => ("invalid_request_error", "request_too_large"),
        _ => ("server_error", "upstream_unavailable"),
    };
}
