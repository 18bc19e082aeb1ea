using System.Text;
using System.Text.Json;
using Moat.Contract.Records;
using Moat.Ingest.Mapping;
using static Moat.Ingest.Mapping.Elements;

namespace Moat.Ingest.Anthropic;

/// <summary>
/// A Messages request body in contract form. The top-level <c>system</c> (string or text blocks)
/// becomes <c>request.system</c>. Anthropic returns tool results inside a <c>user</c> turn; each
/// <c>tool_result</c> block becomes its own <c>tool</c> message, as in OpenAI's API, so that the
/// exchange's prompt (the last <c>user</c> message) is what a person typed, whichever the provider.
/// </summary>
public static class AnthropicRequestMapping
{
    public static MappedRequest Map(JsonElement request)
    {
        if (request.ValueKind != JsonValueKind.Object) throw WrongType("request", "object", request.ValueKind);
        if (!TryGet(request, "messages", out var messages)) throw Missing("request.messages");
        if (messages.ValueKind != JsonValueKind.Array) throw WrongType("request.messages", "array", messages.ValueKind);

        var list = new List<ChatMessage>(messages.GetArrayLength());
        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object) throw WrongType("request.messages[]", "object", message.ValueKind);
            var role = OptionalString(message, "role", "request.messages[].role") ?? throw Missing("request.messages[].role");
            switch (role)
            {
                case "user":
                    AddUserTurn(list, message);
                    break;
                case "assistant":
                    list.Add(new ChatMessage(ChatRoles.Assistant, Content(message, "request.messages[].content")));
                    break;
                default:
                    throw Invalid("request.messages[].role", $"unknown role '{role}' (Anthropic has user and assistant)");
            }
        }

        return new MappedRequest(
            OptionalString(request, "model", "request.model"),
            new ExchangeRequest
            {
                System = System(request),
                Messages = list,
                Tools = ArrayLength(request, "tools", "request.tools"),
                MaxTokens = OptionalInt(request, "max_tokens", "request.max_tokens"),
                Temperature = OptionalDouble(request, "temperature", "request.temperature"),
                Stream = OptionalBool(request, "stream", "request.stream"),
                Reasoning = Thinking(request),
            });
    }

    /// <summary>
    /// <c>thinking: { type: "enabled", budget_tokens }</c> (or <c>adaptive</c>) asks for extended thinking;
    /// without it thinking is off, which Anthropic documents as the default.
    /// </summary>
    private static bool Thinking(JsonElement request)
    {
        if (!TryGet(request, "thinking", out var thinking)) return false;
        if (thinking.ValueKind != JsonValueKind.Object) throw WrongType("request.thinking", "object", thinking.ValueKind);
        return LenientString(thinking, "type") is not ("disabled" or null);
    }

    private static string? System(JsonElement request)
    {
        if (!TryGet(request, "system", out var system)) return null;
        if (system.ValueKind == JsonValueKind.String) return system.GetString();
        if (system.ValueKind != JsonValueKind.Array) throw WrongType("request.system", "string or array", system.ValueKind);
        var sb = ContentText.Rent();
        AppendBlocks(sb, system, "request.system[]");
        return ContentText.ToStringAndReturn(sb);
    }

    private static void AddUserTurn(List<ChatMessage> list, JsonElement message)
    {
        if (!TryGet(message, "content", out var content) || content.ValueKind != JsonValueKind.Array)
        {
            list.Add(new ChatMessage(ChatRoles.User, Content(message, "request.messages[].content")));
            return;
        }
        // Tool results come first in a user turn (Anthropic requires it); any text after them is the user's.
        StringBuilder? rest = null;
        foreach (var block in content.EnumerateArray())
        {
            if (block.ValueKind == JsonValueKind.Object && StringEquals(block, "type", "tool_result"))
            {
                list.Add(new ChatMessage(ChatRoles.Tool, ToolResult(block)));
                continue;
            }
            rest ??= ContentText.Rent();
            AppendBlock(rest, block, "request.messages[].content[]");
        }
        if (rest is not null) list.Add(new ChatMessage(ChatRoles.User, ContentText.ToStringAndReturn(rest)));
    }

    private static string ToolResult(JsonElement block)
    {
        bool isError = TryGet(block, "is_error", out var e) && e.ValueKind == JsonValueKind.True;
        string text = Content(block, "request.messages[].content[].content");
        return isError ? "[error] " + text : text;
    }

    /// <summary>A <c>content</c> field: a string or an array of blocks.</summary>
    internal static string Content(JsonElement owner, string field)
    {
        if (!TryGet(owner, "content", out var content)) return string.Empty;
        if (content.ValueKind == JsonValueKind.String) return content.GetString()!;
        if (content.ValueKind != JsonValueKind.Array) throw WrongType(field, "string or array", content.ValueKind);
        var sb = ContentText.Rent();
        AppendBlocks(sb, content, field + "[]");
        return ContentText.ToStringAndReturn(sb);
    }

    private static void AppendBlocks(StringBuilder sb, JsonElement blocks, string field)
    {
        foreach (var block in blocks.EnumerateArray()) AppendBlock(sb, block, field);
    }

    private static void AppendBlock(StringBuilder sb, JsonElement block, string field)
    {
        if (block.ValueKind == JsonValueKind.String) { ContentText.AppendPart(sb, block.GetString()); return; }
        if (block.ValueKind != JsonValueKind.Object) throw WrongType(field, "object", block.ValueKind);
        switch (LenientString(block, "type"))
        {
            case "text":
                ContentText.AppendPart(sb, OptionalString(block, "text", field + ".text"));
                break;
            case "image":
                ContentText.AppendPlaceholder(sb, "image");
                break;
            case "document":
                ContentText.AppendPlaceholder(sb, "document");
                break;
            case "tool_use" or "server_tool_use":
                ContentText.AppendToolUse(sb, LenientString(block, "name"),
                    TryGet(block, "input", out var input) ? ContentText.Arguments(input) : null);
                break;
            case "tool_result":
                // Only reachable inside an assistant turn or a system array, where it is unusual: keep it readable.
                ContentText.AppendPart(sb, "[tool_result] " + ToolResult(block));
                break;
            case "thinking" or "redacted_thinking":
                // Earlier turns' thinking is passed back for continuity; it is not part of the conversation text.
                break;
            default:
                ContentText.AppendPlaceholder(sb, ContentText.PartType(block));
                break;
        }
    }
}
