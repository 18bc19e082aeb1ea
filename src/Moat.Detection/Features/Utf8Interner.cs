using System.Text;
using System.Text.Unicode;

namespace Moat.Detection.Features;

/// <summary>
/// A direct-mapped cache from UTF-8 bytes to the string they decode to. Account ids, models, IPs
/// and client strings repeat across millions of exchanges; returning the cached instance saves the
/// per-exchange string allocation that dominated the scan's garbage. A slot holds the last value that
/// hashed to it, so memory is fixed and a miss costs what the plain decode would have cost.
/// One instance per thread: it is not synchronised.
/// </summary>
public sealed class Utf8Interner
{
    private readonly byte[]?[] _keys;
    private readonly string?[] _values;
    private readonly int _mask;

    public Utf8Interner(int slotsPowerOfTwo)
    {
        int slots = 1 << slotsPowerOfTwo;
        _keys = new byte[slots][];
        _values = new string[slots];
        _mask = slots - 1;
    }

    /// <summary>
    /// The string for <paramref name="utf8"/> (unescaped JSON string bytes), or false when they are not
    /// valid UTF-8 — the same bytes that make <c>Utf8JsonReader.GetString</c> throw.
    /// </summary>
    public bool TryGet(ReadOnlySpan<byte> utf8, out string value)
    {
        int slot = Hash(utf8) & _mask;
        var key = _keys[slot];
        if (key is not null && utf8.SequenceEqual(key))
        {
            value = _values[slot]!;
            return true;
        }
        if (!Utf8.IsValid(utf8))
        {
            value = string.Empty;
            return false;
        }
        value = Encoding.UTF8.GetString(utf8);
        _keys[slot] = utf8.ToArray();
        _values[slot] = value;
        return true;
    }

    // FNV-1a over at most the last 32 bytes: ids differ at their ends, and a bounded hash keeps long
    // user agents cheap. Collisions only cost a miss, never a wrong answer (the bytes are compared).
    private static int Hash(ReadOnlySpan<byte> s)
    {
        uint h = 2166136261;
        var tail = s.Length > 32 ? s[^32..] : s;
        foreach (byte b in tail) h = (h ^ b) * 16777619;
        return (int)(h ^ (uint)s.Length ^ (h >> 15));
    }
}
