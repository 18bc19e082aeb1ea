using System.Buffers.Binary;
using System.Text;

namespace Moat.Gateway.Tests.Support;

/// <summary>
/// Writes a TLS ClientHello (RFC 8446 §4.1.2) field by field, so fingerprint tests know every value
/// in it. Extensions listed in <see cref="Extensions"/> are written in that order; SNI, ALPN,
/// supported_versions and signature_algorithms get their data from the matching properties, others are empty.
/// </summary>
public sealed record ClientHelloBuilder
{
    public ushort LegacyVersion { get; init; } = 0x0303;
    public ushort[] Ciphers { get; init; } = [];
    /// <summary>Extension types in wire order; null writes no extensions block at all.</summary>
    public ushort[]? Extensions { get; init; } = [];
    public string? ServerName { get; init; }
    public byte[][] Alpn { get; init; } = [];
    public ushort[] SupportedVersions { get; init; } = [];
    public ushort[] SignatureAlgorithms { get; init; } = [];
    /// <summary>Replaces the extensions block's content verbatim (for malformed cases).</summary>
    public byte[]? RawExtensionOverride { get; init; }

    public byte[] Handshake()
    {
        var body = new List<byte>();
        U16(body, LegacyVersion);
        body.AddRange(Enumerable.Range(0, 32).Select(i => (byte)i));
        body.Add(32);
        body.AddRange(Enumerable.Repeat((byte)0xee, 32));
        U16(body, Ciphers.Length * 2);
        foreach (var c in Ciphers) U16(body, c);
        body.Add(1);
        body.Add(0);
        if (Extensions is not null)
        {
            var ext = RawExtensionOverride is { } raw ? [.. raw] : ExtensionsBlock();
            U16(body, ext.Count);
            body.AddRange(ext);
        }
        var handshake = new List<byte> { 0x01, (byte)(body.Count >> 16), (byte)(body.Count >> 8), (byte)body.Count };
        handshake.AddRange(body);
        return [.. handshake];
    }

    public byte[] Record()
    {
        var handshake = Handshake();
        var record = new List<byte> { 0x16, 0x03, 0x01 };
        U16(record, handshake.Length);
        record.AddRange(handshake);
        return [.. record];
    }

    private List<byte> ExtensionsBlock()
    {
        var block = new List<byte>();
        foreach (var type in Extensions!)
        {
            var data = new List<byte>();
            switch (type)
            {
                case 0x0000 when ServerName is not null:
                    var name = Encoding.ASCII.GetBytes(ServerName);
                    U16(data, name.Length + 3);
                    data.Add(0);
                    U16(data, name.Length);
                    data.AddRange(name);
                    break;
                case 0x0010:
                    var list = new List<byte>();
                    foreach (var p in Alpn) { list.Add((byte)p.Length); list.AddRange(p); }
                    U16(data, list.Count);
                    data.AddRange(list);
                    break;
                case 0x002b:
                    data.Add((byte)(SupportedVersions.Length * 2));
                    foreach (var v in SupportedVersions) U16(data, v);
                    break;
                case 0x000d:
                    U16(data, SignatureAlgorithms.Length * 2);
                    foreach (var a in SignatureAlgorithms) U16(data, a);
                    break;
            }
            U16(block, type);
            U16(block, data.Count);
            block.AddRange(data);
        }
        return block;
    }

    private static void U16(List<byte> to, int value)
    {
        Span<byte> two = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(two, (ushort)value);
        to.Add(two[0]);
        to.Add(two[1]);
    }
}
