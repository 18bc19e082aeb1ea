using Moat.Contract.Records;

namespace Moat.Gateway.Logging;

/// <summary>Turns a captured request/response pair into a contract exchange.</summary>
public interface IExchangeMapper
{
    Exchange Map(ExchangeCapture capture, string id, string? orgId);
}
