using System.Text.Json;
using Moat.Ingest.Mapping;
using static Moat.Ingest.Mapping.Elements;

namespace Moat.Ingest.OpenAi;

/// <summary>
/// A non-streamed Chat Completions response body (or an error body) in contract form. Only choice 0
/// is kept: with <c>n &gt; 1</c> the other choices are alternatives to the same prompt.
/// </summary>
public static class OpenAiResponseMapping
{
    public static AssembledResponse Map(JsonElement response)
    {
        if (response.ValueKind != JsonValueKind.Object) throw WrongType("response", "object", response.ValueKind);
        if (TryGet(response, "error", out var error) && !TryGet(response, "choices", out _))
            return new AssembledResponse { ErrorStatus = ErrorStatus(error) };

        string? finish = null, reasoningText = null;
        var text = ResponseText.ForThread();
        if (TryGet(response, "choices", out var choices))
        {
            if (choices.ValueKind != JsonValueKind.Array) throw WrongType("response.choices", "array", choices.ValueKind);
            if (choices.GetArrayLength() > 0)
            {
                var choice = choices[0];
                finish = LenientString(choice, "finish_reason");
                if (TryGet(choice, "message", out var message))
                {
                    text.Touch();
                    AppendMessage(text, message);
                    reasoningText = LenientString(message, "reasoning_content");
                }
            }
        }

        int? input = null, output = null, reasoning = null;
        if (TryGet(response, "usage", out var usage))
        {
            input = LenientInt(usage, "prompt_tokens");
            output = LenientInt(usage, "completion_tokens");
            if (TryGet(usage, "completion_tokens_details", out var details)) reasoning = LenientInt(details, "reasoning_tokens");
        }
        return new AssembledResponse
        {
            Id = LenientString(response, "id"),
            Model = LenientString(response, "model"),
            Text = text.Build(),
            FinishReason = finish,
            InputTokens = input,
            OutputTokens = output,
            ReasoningTokens = reasoning ?? ReasoningEstimate.FromChars(reasoningText?.Length ?? 0, output),
        };
    }

    private static void AppendMessage(ResponseText text, JsonElement message)
    {
        if (TryGet(message, "content", out var content))
        {
            if (content.ValueKind == JsonValueKind.String) text.Text(content.GetString());
            else if (content.ValueKind == JsonValueKind.Array)
            {
                var sb = ContentText.Rent();
                OpenAiRequestMapping.AppendParts(sb, content);
                text.Text(ContentText.ToStringAndReturn(sb));
            }
        }
        if (LenientString(message, "refusal") is { } refusal) text.Text(refusal);
        if (TryGet(message, "tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
        {
            foreach (var call in calls.EnumerateArray()) AppendCall(text, TryGet(call, "function", out var f) ? f : call);
        }
        if (TryGet(message, "function_call", out var function)) AppendCall(text, function);
    }

    private static void AppendCall(ResponseText text, JsonElement function)
    {
        text.BeginTool(LenientString(function, "name"));
        if (TryGet(function, "arguments", out var args)) text.ToolArguments(ContentText.Arguments(args));
        text.EndTool();
    }

    internal static int ErrorStatus(JsonElement error)
    {
        if (error.ValueKind == JsonValueKind.String) return ErrorStatuses.From(null, error.GetString(), null);
        if (error.ValueKind != JsonValueKind.Object) return ErrorStatuses.Unknown;
        int? numeric = LenientInt(error, "code") ?? LenientInt(error, "status");
        return ErrorStatuses.From(LenientString(error, "type"), LenientString(error, "code"), numeric);
    }
}
