namespace Moat.Reports.Page;

/// <summary>
/// Makes UTF-8 JSON safe to place inside an HTML <c>&lt;script type="application/json"&gt;</c> element.
/// Prompts are attacker-controlled: a literal <c>&lt;/script&gt;</c> in a prompt would otherwise close the
/// element and let the rest run as markup. Outside strings JSON never contains these characters, so
/// replacing them with <c>\uXXXX</c> escapes keeps the JSON identical once parsed.
/// </summary>
public static class ScriptSafeJson
{
    /// <summary>Writes <paramref name="json"/> to <paramref name="output"/> with &lt; &gt; &amp; U+2028 U+2029 escaped.</summary>
    public static void Write(ReadOnlySpan<byte> json, Stream output)
    {
        ReadOnlySpan<byte> special = [(byte)'<', (byte)'>', (byte)'&', 0xE2];
        while (json.Length > 0)
        {
            int i = json.IndexOfAny(special);
            if (i < 0) { output.Write(json); return; }
            output.Write(json[..i]);
            byte b = json[i];
            if (b == 0xE2 && json.Length > i + 2 && json[i + 1] == 0x80 && json[i + 2] is 0xA8 or 0xA9)
            {
                output.Write(json[i + 2] == 0xA8 ? "\\u2028"u8 : "\\u2029"u8);
                json = json[(i + 3)..];
                continue;
            }
            output.Write(b switch
            {
                (byte)'<' => "\\u003C"u8,
                (byte)'>' => "\\u003E"u8,
                (byte)'&' => "\\u0026"u8,
                _ => json.Slice(i, 1),
            });
            json = json[(i + 1)..];
        }
    }
}
