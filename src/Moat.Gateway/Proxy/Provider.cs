namespace Moat.Gateway.Proxy;

/// <summary>Which API's shapes a request speaks: decides error bodies, auth header and reasoning fields.</summary>
public enum Provider { OpenAI, Anthropic }

/// <summary>What the gateway does with a path.</summary>
public enum RouteKind
{
    NotFound,
    Health,
    /// <summary><c>/v1/chat/completions</c>: logged as an exchange.</summary>
    ChatCompletions,
    /// <summary><c>/v1/messages</c>: logged as an exchange.</summary>
    Messages,
    Models,
    PassThrough,
}

public static class Routes
{
    public const string ChatCompletions = "/v1/chat/completions";
    public const string Messages = "/v1/messages";
    public const string Models = "/v1/models";

    public static RouteKind Classify(string path, IReadOnlyList<string> passThrough)
    {
        if (path.Equals(ChatCompletions, StringComparison.Ordinal)) return RouteKind.ChatCompletions;
        if (path.Equals(Messages, StringComparison.Ordinal)) return RouteKind.Messages;
        if (path.Equals(Models, StringComparison.Ordinal) || path.StartsWith(Models + "/", StringComparison.Ordinal)) return RouteKind.Models;
        if (path.Equals("/healthz", StringComparison.Ordinal)) return RouteKind.Health;
        foreach (var prefix in passThrough)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal)) return RouteKind.PassThrough;
        }
        return RouteKind.NotFound;
    }

    public static bool IsLogged(RouteKind kind) => kind is RouteKind.ChatCompletions or RouteKind.Messages;

    /// <summary>Label value for metrics.</summary>
    public static string Label(RouteKind kind) => kind switch
    {
        RouteKind.ChatCompletions => "chat_completions",
        RouteKind.Messages => "messages",
        RouteKind.Models => "models",
        RouteKind.PassThrough => "pass_through",
        RouteKind.Health => "healthz",
        _ => "not_found",
    };
}
