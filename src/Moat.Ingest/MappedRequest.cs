using Moat.Contract.Records;

namespace Moat.Ingest;

/// <summary>A provider request body in contract form, with the model it asked for.</summary>
public readonly record struct MappedRequest(string? Model, ExchangeRequest Request);
