using System.Text.Json;
using Moat.Contract.Records;
using Moat.Ingest.Anthropic;
using Moat.Ingest.OpenAi;
using Moat.Ingest.Streaming;
using static Moat.Ingest.Mapping.Elements;

namespace Moat.Ingest;

/// <summary>
/// Turns one provider request/response pair into a contract <see cref="Exchange"/>. The response may
/// be a whole body, an array of stream events, or raw SSE text. The gateway, which sees streams chunk
/// by chunk, feeds an <see cref="OpenAiStreamAssembler"/> or <see cref="AnthropicStreamAssembler"/>
/// itself and calls <see cref="Build"/> with the result.
/// </summary>
public static class ExchangeMapping
{
    [ThreadStatic] private static OpenAiStreamAssembler? t_openAi;
    [ThreadStatic] private static AnthropicStreamAssembler? t_anthropic;

    public static Exchange FromOpenAi(JsonElement request, JsonElement response, in ExchangeContext context) =>
        Build(context, LogProvider.OpenAi, OpenAiRequestMapping.Map(request), Response(LogProvider.OpenAi, response));

    public static Exchange FromAnthropic(JsonElement request, JsonElement response, in ExchangeContext context) =>
        Build(context, LogProvider.Anthropic, AnthropicRequestMapping.Map(request), Response(LogProvider.Anthropic, response));

    /// <summary>Maps a pair whose provider is given or, with <see cref="LogProvider.Auto"/>, detected.</summary>
    public static Exchange From(LogProvider provider, JsonElement request, JsonElement response, in ExchangeContext context)
    {
        if (provider == LogProvider.Auto) provider = ProviderDetector.Detect(request, response, context.Endpoint);
        return provider == LogProvider.Anthropic
            ? FromAnthropic(request, response, context)
            : FromOpenAi(request, response, context);
    }

    /// <summary>The request in contract form, for a gateway that assembles the response itself.</summary>
    public static MappedRequest Request(LogProvider provider, JsonElement request) => provider switch
    {
        LogProvider.OpenAi => OpenAiRequestMapping.Map(request),
        LogProvider.Anthropic => AnthropicRequestMapping.Map(request),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "a concrete provider is needed"),
    };

    /// <summary>
    /// The response in contract form. <paramref name="response"/> may be undefined or null when the log
    /// kept no body (the status must then come from the context).
    /// </summary>
    public static AssembledResponse Response(LogProvider provider, JsonElement response)
    {
        switch (response.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return default;
            case JsonValueKind.Object:
                return provider == LogProvider.Anthropic
                    ? AnthropicResponseMapping.Map(response)
                    : OpenAiResponseMapping.Map(response);
            case JsonValueKind.Array or JsonValueKind.String:
                return Stream(provider, response);
            default:
                throw WrongType("response", "object, array of events or SSE text", response.ValueKind);
        }
    }

    private static AssembledResponse Stream(LogProvider provider, JsonElement response)
    {
        if (response.ValueKind == JsonValueKind.String && LoggedStream.IsJsonBody(response))
        {
            // Some loggers keep the body as the text they received; a non-streamed body is still an object.
            using var body = JsonDocument.Parse(response.GetString()!);
            return Response(provider, body.RootElement);
        }
        StreamAssembler assembler = provider == LogProvider.Anthropic
            ? t_anthropic ??= new AnthropicStreamAssembler()
            : t_openAi ??= new OpenAiStreamAssembler();
        assembler.Reset();
        LoggedStream.Feed(assembler, response);
        var result = assembler.Complete();
        if (assembler.Events == 0)
            throw Invalid("response", assembler.BadEvents > 0
                ? $"none of the {assembler.BadEvents} stream events is valid JSON"
                : "the stream holds no events");
        return result;
    }

    /// <summary>Puts the parts together; the context's status and id win over what the bodies imply.</summary>
    public static Exchange Build(in ExchangeContext context, LogProvider provider, MappedRequest request, AssembledResponse response)
    {
        var exchangeRequest = request.Request;
        if (exchangeRequest.Stream is null && response.Streamed) exchangeRequest = exchangeRequest with { Stream = true };
        int status = context.Status ?? response.ErrorStatus ?? 200;
        bool ok = status is >= 200 and < 300;
        return new Exchange
        {
            Id = context.Id ?? response.Id ?? context.FallbackId ?? throw Missing("id"),
            Ts = context.Ts,
            AccountId = context.AccountId,
            OrgId = context.OrgId,
            ApiKeyId = context.ApiKeyId,
            Ip = context.Ip,
            UserAgent = context.UserAgent,
            TlsFingerprint = context.TlsFingerprint,
            Endpoint = context.Endpoint ?? LogProviders.Endpoint(provider),
            Model = request.Model ?? response.Model ?? throw Missing("request.model"),
            Request = exchangeRequest,
            Response = new ExchangeResponse
            {
                Status = status,
                // An error body has no model output; a failed stream may have some, which is kept.
                Text = ok || response.Streamed ? response.Text : null,
                InputTokens = response.InputTokens,
                OutputTokens = response.OutputTokens,
                ReasoningTokens = response.ReasoningTokens,
                FinishReason = response.FinishReason,
                LatencyMs = context.LatencyMs,
            },
        };
    }
}
