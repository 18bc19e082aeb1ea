namespace Moat.Ingest.Mapping;

/// <summary>
/// The HTTP status an error body stands for, when the log did not record the status itself. Both
/// providers name their errors (Anthropic <c>rate_limit_error</c>, OpenAI <c>rate_limit_exceeded</c>);
/// the documented status of each name is used. An unknown name counts as a server error.
/// </summary>
public static class ErrorStatuses
{
    public const int Unknown = 500;

    public static int From(string? type, string? code, int? numericCode)
    {
        if (numericCode is >= 400 and <= 599) return numericCode.Value;
        // The code is more specific than the type (OpenAI: type invalid_request_error, code model_not_found).
        if (FromName(code) is { } byCode) return byCode;
        return FromName(type) ?? Unknown;
    }

    private static int? FromName(string? name) => name switch
    {
        null or "" => null,
        "invalid_request_error" or "invalid_request" or "bad_request" or "context_length_exceeded" => 400,
        "authentication_error" or "invalid_api_key" or "unauthorized" => 401,
        "billing_error" => 402,
        "permission_error" or "permission_denied" or "forbidden" => 403,
        "not_found_error" or "model_not_found" or "not_found" => 404,
        "request_too_large" => 413,
        "rate_limit_error" or "rate_limit_exceeded" or "insufficient_quota" => 429,
        "api_error" or "server_error" or "internal_error" => 500,
        "service_unavailable" => 503,
        "timeout_error" or "timeout" => 504,
        "overloaded_error" => 529,
        _ => null,
    };
}
