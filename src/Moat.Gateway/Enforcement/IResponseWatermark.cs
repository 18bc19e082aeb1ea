using Moat.Gateway.Proxy;

namespace Moat.Gateway.Enforcement;

/// <summary>Whom a watermarked response goes to.</summary>
public sealed record WatermarkContext(string AccountId, string Endpoint, Provider Provider);

/// <summary>
/// Hook point of the <c>watermark</c> action: marks the responses of an account so that text later
/// found in another model's training data can be traced back. Called for complete JSON bodies and
/// for each SSE event's <c>data</c> payload of a watermarked account; the implementation comes later.
/// </summary>
public interface IResponseWatermark
{
    byte[] MarkBody(WatermarkContext context, ReadOnlySpan<byte> body);

    byte[] MarkEvent(WatermarkContext context, ReadOnlySpan<byte> data);
}

/// <summary>Leaves responses unchanged: the default until a watermarking scheme is plugged in.</summary>
public sealed class NoWatermark : IResponseWatermark
{
    public static readonly NoWatermark Instance = new();

    public byte[] MarkBody(WatermarkContext context, ReadOnlySpan<byte> body) => body.ToArray();

    public byte[] MarkEvent(WatermarkContext context, ReadOnlySpan<byte> data) => data.ToArray();
}
