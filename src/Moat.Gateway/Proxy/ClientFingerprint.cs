using Microsoft.AspNetCore.Http;
using Moat.Gateway.Tls;

namespace Moat.Gateway.Proxy;

/// <summary>
/// The client's TLS fingerprint for the exchange log: the gateway's own JA4 when it terminated TLS,
/// else, behind a TLS-terminating proxy, the header that proxy sets, read only when the connection
/// comes from a trusted proxy (as X-Forwarded-For), since any client could send the header itself.
/// </summary>
public sealed class ClientFingerprint(ClientAddress addresses, string? header)
{
    private const int MaxLength = 256;

    public string? Resolve(HttpContext context)
    {
        if (context.Features.Get<TlsFingerprintFeature>() is { } own) return own.Fingerprint;
        if (header is null || !addresses.IsFromTrustedProxy(context)) return null;
        var values = context.Request.Headers[header];
        if (values.Count != 1 || values[0] is not { Length: > 0 and <= MaxLength } value) return null;
        // JA4 is [a-z0-9_], JA3 hex or its raw comma/dash form: anything else is not a fingerprint.
        foreach (char ch in value)
        {
            if (!(char.IsAsciiLetterOrDigit(ch) || ch is '_' or ',' or '-' or '.' or ':')) return null;
        }
        return value;
    }
}
