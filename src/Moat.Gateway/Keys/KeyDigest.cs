using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Moat.Gateway.Keys;

/// <summary>SHA-256 of an API key's UTF-8 bytes, held as four words so it can key a dictionary without a string.</summary>
internal readonly record struct KeyDigest(ulong A, ulong B, ulong C, ulong D)
{
    public static KeyDigest Of(ReadOnlySpan<char> apiKey)
    {
        Span<byte> hash = stackalloc byte[32];
        Hash(apiKey, hash);
        return From(hash);
    }

    public static void Hash(ReadOnlySpan<char> apiKey, Span<byte> hash)
    {
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(apiKey.Length)];
        int n = Encoding.UTF8.GetBytes(apiKey, utf8);
        SHA256.HashData(utf8[..n], hash);
    }

    public static bool TryParseHex(ReadOnlySpan<char> hex, out KeyDigest digest)
    {
        digest = default;
        Span<byte> bytes = stackalloc byte[32];
        if (hex.Length != 64 || Convert.FromHexString(hex, bytes, out _, out int written) != OperationStatus.Done || written != 32) return false;
        digest = From(bytes);
        return true;
    }

    private static KeyDigest From(ReadOnlySpan<byte> hash) => new(
        BinaryPrimitives.ReadUInt64LittleEndian(hash), BinaryPrimitives.ReadUInt64LittleEndian(hash[8..]),
        BinaryPrimitives.ReadUInt64LittleEndian(hash[16..]), BinaryPrimitives.ReadUInt64LittleEndian(hash[24..]));
}
