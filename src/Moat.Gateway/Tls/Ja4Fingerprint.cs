using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Moat.Gateway.Tls;

/// <summary>
/// JA4 fingerprint of a TLS ClientHello, the contract's <c>tls_fingerprint</c>: detection links
/// accounts whose clients share a user agent and a TLS stack, which an attacker's tooling keeps
/// across the accounts it registers.
/// <para>
/// Spec: FoxIO JA4, https://github.com/FoxIO-LLC/ja4/blob/main/technical_details/JA4.md
/// <c>t</c> + version (highest of supported_versions, else the hello's version) + <c>d</c>/<c>i</c>
/// (SNI present or not) + 2-digit cipher count + 2-digit extension count + first/last character of
/// the first ALPN value, <c>_</c> the first 12 hex digits of SHA-256 over the sorted ciphers, <c>_</c>
/// the same over the sorted extensions (without SNI and ALPN) + <c>_</c> + the signature algorithms
/// in their order. GREASE values (RFC 8701) are ignored everywhere.
/// </para>
/// <para>
/// The parser (ClientHello layout: RFC 8446 §4.1.2, extensions §4.2) reads attacker-controlled
/// bytes: every length is checked against what is left, and anything malformed yields null, never
/// an exception. It is called once per connection, not per request.
/// </para>
/// </summary>
public static class Ja4Fingerprint
{
    private const byte RecordHandshake = 0x16;
    private const byte HandshakeClientHello = 0x01;
    private const ushort ExtServerName = 0x0000;
    private const ushort ExtSignatureAlgorithms = 0x000d;
    private const ushort ExtAlpn = 0x0010;
    private const ushort ExtSupportedVersions = 0x002b;

    /// <summary>
    /// The JA4 of a ClientHello given either as a TLS record (what Kestrel's hello callback passes)
    /// or as the bare handshake message; null when the bytes are not a well-formed ClientHello.
    /// </summary>
    public static string? Compute(ReadOnlySpan<byte> hello)
    {
        var r = new Reader(hello);
        if (hello.Length > 0 && hello[0] == RecordHandshake)
        {
            // Record header: type, legacy version, length. Kestrel passes only the first record, so the
            // hello must fit in it (16 KiB: every real client's does).
            if (!r.Skip(3) || !r.U16(out int recordLength) || !r.Slice(recordLength, out var record)) return null;
            r = record;
        }
        if (!r.U8(out int type) || type != HandshakeClientHello) return null;
        if (!r.U24(out int bodyLength) || !r.Slice(bodyLength, out var body)) return null;
        return Parse(ref body);
    }

    private static string? Parse(ref Reader r)
    {
        if (!r.U16(out int legacyVersion) || !r.Skip(32)) return null;
        if (!r.U8(out int sessionIdLength) || sessionIdLength > 32 || !r.Skip(sessionIdLength)) return null;
        if (!r.U16(out int cipherBytes) || (cipherBytes & 1) != 0 || !r.Slice(cipherBytes, out var cipherReader)) return null;
        if (!r.U8(out int compressionLength) || !r.Skip(compressionLength)) return null;

        var ciphers = new List<ushort>(cipherBytes / 2);
        while (cipherReader.U16(out int cipher))
        {
            if (!IsGrease(cipher)) ciphers.Add((ushort)cipher);
        }

        var extensions = new List<ushort>();
        var signatureAlgorithms = new List<ushort>();
        bool sni = false;
        string alpn = "00";
        int version = legacyVersion;
        // A hello without extensions is legal (old clients): the list is simply absent.
        if (r.Remaining > 0)
        {
            if (!r.U16(out int extensionBytes) || !r.Slice(extensionBytes, out var ext)) return null;
            while (ext.Remaining > 0)
            {
                if (!ext.U16(out int extType) || !ext.U16(out int extLength) || !ext.Slice(extLength, out var data)) return null;
                if (IsGrease(extType)) continue;
                extensions.Add((ushort)extType);
                switch (extType)
                {
                    case ExtServerName:
                        sni = true;
                        break;
                    case ExtAlpn:
                        if (!FirstAlpn(data, out alpn)) return null;
                        break;
                    case ExtSupportedVersions:
                        if (!HighestVersion(data, out int highest)) return null;
                        if (highest > 0) version = highest;
                        break;
                    case ExtSignatureAlgorithms:
                        if (!data.U16(out int listBytes) || (listBytes & 1) != 0 || !data.Slice(listBytes, out var list)) return null;
                        while (list.U16(out int alg))
                        {
                            if (!IsGrease(alg)) signatureAlgorithms.Add((ushort)alg);
                        }
                        break;
                }
            }
        }

        Span<char> a = stackalloc char[10];
        a[0] = 't';
        VersionCode(version).CopyTo(a[1..]);
        a[3] = sni ? 'd' : 'i';
        TwoDigits(ciphers.Count, a[4..]);
        TwoDigits(extensions.Count, a[6..]);
        alpn.AsSpan().CopyTo(a[8..]);

        ciphers.Sort();
        string b = ciphers.Count == 0 ? "000000000000" : TruncatedHash(ciphers, null);
        // SNI and ALPN are already in part a; leaving them out keeps part c the same whether a client
        // connects by name or by address, or offers other protocols.
        extensions.RemoveAll(e => e is ExtServerName or ExtAlpn);
        extensions.Sort();
        string c = extensions.Count == 0 ? "000000000000" : TruncatedHash(extensions, signatureAlgorithms);
        return string.Concat((ReadOnlySpan<char>)a, "_", b, "_" + c);
    }

    /// <summary>First ALPN protocol: its first and last characters if alphanumeric, else those of its hex form.</summary>
    private static bool FirstAlpn(Reader data, out string alpn)
    {
        alpn = "00";
        if (!data.U16(out int listBytes) || !data.Slice(listBytes, out var list)) return false;
        if (list.Remaining == 0) return true;
        if (!list.U8(out int length) || !list.Bytes(length, out var protocol)) return false;
        if (protocol.Length == 0) return true;
        byte first = protocol[0], last = protocol[^1];
        if (IsAlphanumeric(first) && IsAlphanumeric(last))
        {
            alpn = string.Create(2, (first, last), static (s, v) => { s[0] = (char)v.first; s[1] = (char)v.last; });
            return true;
        }
        const string hex = "0123456789abcdef";
        alpn = string.Create(2, (first, last), static (s, v) => { s[0] = hex[v.first >> 4]; s[1] = hex[v.last & 0xf]; });
        return true;
    }

    private static bool HighestVersion(Reader data, out int highest)
    {
        highest = 0;
        if (!data.U8(out int listBytes) || (listBytes & 1) != 0 || !data.Slice(listBytes, out var list)) return false;
        while (list.U16(out int v))
        {
            if (!IsGrease(v) && Rank(v) > Rank(highest)) highest = v;
        }
        return true;
    }

    /// <summary>Orders versions by recency: DTLS numbers count down (0xfeff is 1.0, 0xfefc is 1.3).</summary>
    private static int Rank(int version) => version >= 0xfe00 ? 0x0300 + (0xffff - version) : version;

    private static string VersionCode(int version) => version switch
    {
        0x0304 => "13",
        0x0303 => "12",
        0x0302 => "11",
        0x0301 => "10",
        0x0300 => "s3",
        0x0002 => "s2",
        0xfeff => "d1",
        0xfefd => "d2",
        0xfefc => "d3",
        _ => "00",
    };

    private static void TwoDigits(int n, Span<char> into)
    {
        n = Math.Min(n, 99);
        into[0] = (char)('0' + n / 10);
        into[1] = (char)('0' + n % 10);
    }

    /// <summary>RFC 8701 GREASE: 0x0a0a, 0x1a1a, ... 0xfafa.</summary>
    private static bool IsGrease(int v) => (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff);

    private static bool IsAlphanumeric(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z';

    /// <summary>First 12 hex digits of SHA-256 over "xxxx,xxxx[_yyyy,yyyy]" (lower-case hex).</summary>
    private static string TruncatedHash(List<ushort> values, List<ushort>? suffix)
    {
        int length = values.Count * 5 + (suffix is { Count: > 0 } ? suffix.Count * 5 : 0);
        var text = new byte[length];
        int at = 0;
        Append(values, text, ref at);
        if (suffix is { Count: > 0 })
        {
            text[at - 1] = (byte)'_';
            Append(suffix, text, ref at);
        }
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(text.AsSpan(0, at - 1), hash);
        return Convert.ToHexStringLower(hash[..6]);
    }

    private static void Append(List<ushort> values, byte[] text, ref int at)
    {
        const string hex = "0123456789abcdef";
        foreach (var v in values)
        {
            text[at++] = (byte)hex[v >> 12];
            text[at++] = (byte)hex[(v >> 8) & 0xf];
            text[at++] = (byte)hex[(v >> 4) & 0xf];
            text[at++] = (byte)hex[v & 0xf];
            text[at++] = (byte)',';
        }
    }

    /// <summary>A bounds-checked cursor over big-endian TLS fields: every read says whether it fit.</summary>
    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _rest = data;

        public readonly int Remaining => _rest.Length;

        public bool U8(out int value)
        {
            value = 0;
            if (_rest.Length < 1) return false;
            value = _rest[0];
            _rest = _rest[1..];
            return true;
        }

        public bool U16(out int value)
        {
            value = 0;
            if (_rest.Length < 2) return false;
            value = BinaryPrimitives.ReadUInt16BigEndian(_rest);
            _rest = _rest[2..];
            return true;
        }

        public bool U24(out int value)
        {
            value = 0;
            if (_rest.Length < 3) return false;
            value = (_rest[0] << 16) | (_rest[1] << 8) | _rest[2];
            _rest = _rest[3..];
            return true;
        }

        public bool Skip(int count)
        {
            if ((uint)count > (uint)_rest.Length) return false;
            _rest = _rest[count..];
            return true;
        }

        public bool Bytes(int count, out ReadOnlySpan<byte> bytes)
        {
            bytes = default;
            if ((uint)count > (uint)_rest.Length) return false;
            bytes = _rest[..count];
            _rest = _rest[count..];
            return true;
        }

        public bool Slice(int count, out Reader inner)
        {
            inner = default;
            if (!Bytes(count, out var bytes)) return false;
            inner = new Reader(bytes);
            return true;
        }
    }
}
