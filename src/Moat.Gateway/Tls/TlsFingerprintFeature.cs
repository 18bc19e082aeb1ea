using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace Moat.Gateway.Tls;

/// <summary>
/// The JA4 of a connection's ClientHello, set on the connection's features when the gateway terminates
/// TLS itself; every request of that connection sees it through <c>HttpContext.Features</c>.
/// </summary>
public sealed class TlsFingerprintFeature(string fingerprint)
{
    public string Fingerprint { get; } = fingerprint;

    /// <summary>Kestrel's ClientHello callback: fingerprints the hello once per connection.</summary>
    public static void OnClientHello(ConnectionContext connection, ReadOnlySequence<byte> hello)
    {
        // The sequence is only valid during the call; a hello is one record (at most 16 KiB + header).
        const int MaxRecord = (16 << 10) + 5 + 256;
        if (hello.Length is 0 or > MaxRecord) return;
        string? fingerprint;
        if (hello.IsSingleSegment)
        {
            fingerprint = Ja4Fingerprint.Compute(hello.FirstSpan);
        }
        else
        {
            var buffer = ArrayPool<byte>.Shared.Rent((int)hello.Length);
            try
            {
                hello.CopyTo(buffer);
                fingerprint = Ja4Fingerprint.Compute(buffer.AsSpan(0, (int)hello.Length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        if (fingerprint is not null) connection.Features.Set(new TlsFingerprintFeature(fingerprint));
    }
}
