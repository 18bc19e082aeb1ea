using System.Text;
using System.Text.Json;
using Moat.Contract.Records;
using Moat.Ingest.Mapping;
using static Moat.Ingest.Mapping.Elements;

namespace Moat.Ingest.OpenAi;

/// <summary>
/// A Chat Completions request body in contract form. <c>system</c> and <c>developer</c> messages become
/// <c>request.system</c>; <c>tool</c> and legacy <c>function</c> messages become <c>tool</c>; an
/// assistant's tool calls are rendered as <c>[tool_use name] {arguments}</c>.
/// </summary>
public static class OpenAiRequestMapping
{
    public static MappedRequest Map(JsonElement request)
    {
        if (request.ValueKind != JsonValueKind.Object) throw WrongType("request", "object", request.ValueKind);
        if (!TryGet(request, "messages", out var messages)) throw MissingMessages(request);
        if (messages.ValueKind != JsonValueKind.Array) throw WrongType("request.messages", "array", messages.ValueKind);

        var list = new List<ChatMessage>(messages.GetArrayLength());
        StringBuilder? system = null;
        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object) throw WrongType("request.messages[]", "object", message.ValueKind);
            var role = OptionalString(message, "role", "request.messages[].role") ?? throw Missing("request.messages[].role");
            switch (role)
            {
                case "system" or "developer":
                    system ??= new StringBuilder();
                    if (system.Length > 0) system.Append("\n\n");
                    system.Append(Content(message));
                    break;
                case "user":
                    list.Add(new ChatMessage(ChatRoles.User, Content(message)));
                    break;
                case "assistant":
                    list.Add(new ChatMessage(ChatRoles.Assistant, AssistantContent(message)));
                    break;
                case "tool" or "function":
                    list.Add(new ChatMessage(ChatRoles.Tool, Content(message)));
                    break;
                default:
                    throw Invalid("request.messages[].role", $"unknown role '{role}'");
            }
        }

        bool anyTools = TryGet(request, "tools", out _) || TryGet(request, "functions", out _);
        return new MappedRequest(
            OptionalString(request, "model", "request.model"),
            new ExchangeRequest
            {
                System = system?.ToString(),
                Messages = list,
                Tools = anyTools
                    ? ArrayLength(request, "tools", "request.tools") + ArrayLength(request, "functions", "request.functions")
                    : 0,
                MaxTokens = OptionalInt(request, "max_completion_tokens", "request.max_completion_tokens")
                            ?? OptionalInt(request, "max_tokens", "request.max_tokens"),
                Temperature = OptionalDouble(request, "temperature", "request.temperature"),
                Stream = OptionalBool(request, "stream", "request.stream"),
                Reasoning = Reasoning(request),
            });
    }

    /// <summary>Names the API a body without <c>messages</c> belongs to, so that the user knows why it is refused.</summary>
    private static Contract.Io.RecordFormatException MissingMessages(JsonElement request)
    {
        if (TryGet(request, "input", out _))
            return Invalid("request", "an OpenAI Responses API body ('input'); convert reads Chat Completions ('messages') and Anthropic Messages");
        if (TryGet(request, "prompt", out _))
            return Invalid("request", "a legacy Completions body ('prompt'); convert reads Chat Completions ('messages') and Anthropic Messages");
        return Missing("request.messages");
    }

    /// <summary>
    /// <c>reasoning_effort</c> (or a <c>reasoning: { effort }</c> object) asks for reasoning unless it is
    /// <c>none</c>. Without either, the model's default applies and is unknown here, so the field stays absent.
    /// </summary>
    private static bool? Reasoning(JsonElement request)
    {
        if (OptionalString(request, "reasoning_effort", "request.reasoning_effort") is { } effort)
            return !effort.Equals("none", StringComparison.OrdinalIgnoreCase);
        if (!TryGet(request, "reasoning", out var reasoning)) return null;
        if (reasoning.ValueKind == JsonValueKind.Object)
        {
            return LenientString(reasoning, "effort") is not { } objectEffort
                   || !objectEffort.Equals("none", StringComparison.OrdinalIgnoreCase);
        }
        return reasoning.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw WrongType("request.reasoning", "object", reasoning.ValueKind),
        };
    }

    /// <summary>A message's <c>content</c>: a string, null, or an array of parts.</summary>
    internal static string Content(JsonElement message)
    {
        if (!TryGet(message, "content", out var content)) return string.Empty;
        if (content.ValueKind == JsonValueKind.String) return content.GetString()!;
        if (content.ValueKind != JsonValueKind.Array) throw WrongType("request.messages[].content", "string or array", content.ValueKind);
        var sb = ContentText.Rent();
        AppendParts(sb, content);
        return ContentText.ToStringAndReturn(sb);
    }

    internal static void AppendParts(StringBuilder sb, JsonElement parts)
    {
        foreach (var part in parts.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.String) { ContentText.AppendPart(sb, part.GetString()); continue; }
            if (part.ValueKind != JsonValueKind.Object) throw WrongType("request.messages[].content[]", "object", part.ValueKind);
            switch (LenientString(part, "type"))
            {
                case "text":
                    ContentText.AppendPart(sb, OptionalString(part, "text", "request.messages[].content[].text"));
                    break;
                case "refusal":
                    ContentText.AppendPart(sb, OptionalString(part, "refusal", "request.messages[].content[].refusal"));
                    break;
                case "image_url":
                    ContentText.AppendPlaceholder(sb, "image");
                    break;
                case "input_audio":
                    ContentText.AppendPlaceholder(sb, "audio");
                    break;
                case "file":
                    ContentText.AppendPlaceholder(sb, "file");
                    break;
                default:
                    ContentText.AppendPlaceholder(sb, ContentText.PartType(part));
                    break;
            }
        }
    }

    /// <summary>An assistant turn: its text or refusal, then each tool call on its own line.</summary>
    private static string AssistantContent(JsonElement message)
    {
        bool hasCalls = TryGet(message, "tool_calls", out var calls);
        bool hasFunction = TryGet(message, "function_call", out var function);
        var refusal = LenientString(message, "refusal");
        if (!hasCalls && !hasFunction && refusal is null) return Content(message);

        var sb = ContentText.Rent();
        if (TryGet(message, "content", out var content))
        {
            if (content.ValueKind == JsonValueKind.String) ContentText.AppendPart(sb, content.GetString());
            else if (content.ValueKind == JsonValueKind.Array) AppendParts(sb, content);
        }
        if (refusal is not null) ContentText.AppendPart(sb, refusal);
        if (hasCalls)
        {
            if (calls.ValueKind != JsonValueKind.Array) throw WrongType("request.messages[].tool_calls", "array", calls.ValueKind);
            foreach (var call in calls.EnumerateArray()) AppendCall(sb, TryGet(call, "function", out var f) ? f : call);
        }
        if (hasFunction) AppendCall(sb, function);
        return ContentText.ToStringAndReturn(sb);
    }

    private static void AppendCall(StringBuilder sb, JsonElement function) =>
        ContentText.AppendToolUse(sb, LenientString(function, "name"),
            TryGet(function, "arguments", out var args) ? ContentText.Arguments(args) : null);
}
