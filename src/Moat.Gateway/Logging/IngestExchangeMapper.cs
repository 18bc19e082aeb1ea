using System.Text.Json;
using Moat.Contract.Io;
using Moat.Contract.Records;
using Moat.Gateway.Proxy;
using Moat.Ingest;
using Moat.Ingest.Anthropic;
using Moat.Ingest.OpenAi;
using Moat.Ingest.Streaming;

namespace Moat.Gateway.Logging;

/// <summary>
/// Maps captures with the same code as <c>moat convert</c> (Moat.Ingest), so an exchange logged by the
/// gateway and the same exchange converted from a provider's own log are identical. Bodies that code
/// rejects (not JSON, no model) fall back to <see cref="ProviderBodyMapper"/>, which keeps whatever it
/// can: a request is logged even when its body is odd. Used by one writer thread only.
/// </summary>
public sealed class IngestExchangeMapper : IExchangeMapper
{
    private readonly ProviderBodyMapper _fallback = new();
    private readonly OpenAiStreamAssembler _openAi = new();
    private readonly AnthropicStreamAssembler _anthropic = new();

    /// <summary>Captures that needed the fallback mapping.</summary>
    public long Fallbacks { get; private set; }

    public Exchange Map(ExchangeCapture capture, string id, string? orgId)
    {
        try
        {
            return MapWithIngest(capture, id, orgId);
        }
        catch (Exception e) when (e is JsonException or RecordFormatException or FormatException or InvalidOperationException)
        {
            Fallbacks++;
            return _fallback.Map(capture, id, orgId);
        }
    }

    private Exchange MapWithIngest(ExchangeCapture c, string id, string? orgId)
    {
        var provider = c.Provider == Provider.Anthropic ? LogProvider.Anthropic : LogProvider.OpenAi;
        using var requestDoc = JsonDocument.Parse(c.Request.Memory);
        var request = provider == LogProvider.Anthropic
            ? AnthropicRequestMapping.Map(requestDoc.RootElement)
            : OpenAiRequestMapping.Map(requestDoc.RootElement);
        var context = new ExchangeContext
        {
            Id = id,
            Ts = c.Ts,
            AccountId = c.AccountId,
            OrgId = orgId,
            ApiKeyId = c.ApiKeyId,
            Ip = c.Ip,
            UserAgent = c.UserAgent,
            TlsFingerprint = c.TlsFingerprint,
            Endpoint = c.Endpoint,
            Status = c.Status,
            LatencyMs = c.LatencyMs,
        };
        return ExchangeMapping.Build(context, provider, request, Response(provider, c));
    }

    private AssembledResponse Response(LogProvider provider, ExchangeCapture c)
    {
        // Responses the gateway answered itself (401/403/429) or that failed carry no model output.
        if (c.Response is not { Length: > 0 } body || c.Status is < 200 or >= 300) return default;
        if (c.ResponseIsEventStream)
        {
            StreamAssembler assembler = provider == LogProvider.Anthropic ? _anthropic : _openAi;
            assembler.Reset();
            assembler.AppendSse(body.Span);
            return assembler.Complete();
        }
        try
        {
            using var doc = JsonDocument.Parse(body.Memory);
            return ExchangeMapping.Response(provider, doc.RootElement);
        }
        catch (JsonException)
        {
            // A truncated capture of a long body: the request side is still worth logging.
            return default;
        }
    }
}
