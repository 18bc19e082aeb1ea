using System.Text.Json;
using Moat.Ingest.Mapping;
using static Moat.Ingest.Mapping.Elements;

namespace Moat.Ingest.Anthropic;

/// <summary>
/// A non-streamed Messages response body (<c>type: message</c>) or error body (<c>type: error</c>) in
/// contract form. Thinking blocks are not output text; their length estimates the reasoning tokens.
/// </summary>
public static class AnthropicResponseMapping
{
    public static AssembledResponse Map(JsonElement response)
    {
        if (response.ValueKind != JsonValueKind.Object) throw WrongType("response", "object", response.ValueKind);
        if (TryGet(response, "error", out var error) && !TryGet(response, "content", out _))
            return new AssembledResponse { ErrorStatus = ErrorStatus(error) };

        var text = ResponseText.ForThread();
        long thinkingChars = 0;
        if (TryGet(response, "content", out var content))
        {
            if (content.ValueKind != JsonValueKind.Array) throw WrongType("response.content", "array", content.ValueKind);
            text.Touch();
            foreach (var block in content.EnumerateArray())
            {
                if (block.ValueKind != JsonValueKind.Object) continue;
                switch (LenientString(block, "type"))
                {
                    case "text":
                        text.Text(LenientString(block, "text"));
                        break;
                    case "thinking":
                        thinkingChars += LenientString(block, "thinking")?.Length ?? 0;
                        break;
                    case "redacted_thinking":
                        break;
                    case "tool_use" or "server_tool_use":
                        text.BeginTool(LenientString(block, "name"));
                        if (TryGet(block, "input", out var toolInput)) text.ToolArguments(ContentText.Arguments(toolInput));
                        text.EndTool();
                        break;
                    default:
                        text.Placeholder(ContentText.PartType(block));
                        break;
                }
            }
        }

        int? input = null, cacheCreation = null, cacheRead = null, output = null;
        if (TryGet(response, "usage", out var usage))
        {
            input = LenientInt(usage, "input_tokens");
            cacheCreation = LenientInt(usage, "cache_creation_input_tokens");
            cacheRead = LenientInt(usage, "cache_read_input_tokens");
            output = LenientInt(usage, "output_tokens");
        }
        return new AssembledResponse
        {
            Id = LenientString(response, "id"),
            Model = LenientString(response, "model"),
            Text = text.Build(),
            FinishReason = LenientString(response, "stop_reason"),
            InputTokens = AnthropicUsage.TotalInput(input, cacheCreation, cacheRead),
            OutputTokens = output,
            ReasoningTokens = ReasoningEstimate.FromChars(thinkingChars, output),
        };
    }

    internal static int ErrorStatus(JsonElement error) =>
        error.ValueKind == JsonValueKind.Object
            ? ErrorStatuses.From(LenientString(error, "type"), null, LenientInt(error, "status"))
            : ErrorStatuses.Unknown;
}
