using System.Runtime.CompilerServices;

namespace Moat.Detection.Features;

/// <summary>What a slot placeholder replaced.</summary>
public enum SlotKind : byte { Number, Quoted, Code, Url, Name }

/// <summary>Receives the tokens of a prompt, in order, from <see cref="PromptScanner"/>.</summary>
public interface IPromptTokenSink
{
    /// <summary>False stops the scan (the sink has enough).</summary>
    bool Word(ReadOnlySpan<char> word, ulong lowerHash, CueFamily cues);
    bool Slot(SlotKind kind);
    /// <summary>A line break after at least one token: templates put their instruction on its own line.</summary>
    void LineBreak();
}

/// <summary>
/// Splits a prompt into words and slot placeholders in one forward pass, without allocating:
/// numbers, quoted strings, inline and fenced code, URLs and mid-sentence capitalised names become
/// slots, so one template with different slot values yields one token sequence.
/// </summary>
public static class PromptScanner
{
    public static void Scan<TSink>(ReadOnlySpan<char> text, ref TSink sink) where TSink : struct, IPromptTokenSink
    {
        int i = 0;
        bool sentenceStart = true;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '`')
            {
                bool fenced = i + 2 < text.Length && text[i + 1] == '`' && text[i + 2] == '`';
                int from = fenced ? i + 3 : i + 1;
                int close = fenced ? text[from..].IndexOf("```") : text[from..].IndexOfAny('`', '\n');
                i = close < 0 ? text.Length : from + close + (fenced ? 3 : 1);
                if (!sink.Slot(SlotKind.Code)) return;
                sentenceStart = false;
                continue;
            }
            if (c is '"' or '\u201C' or '\u00AB')
            {
                char closing = c == '"' ? '"' : c == '\u201C' ? '\u201D' : '\u00BB';
                var rest = text.Slice(i + 1, Math.Min(text.Length - i - 1, 2000));
                int close = rest.IndexOf(closing);
                if (close >= 0)
                {
                    i += close + 2;
                    if (!sink.Slot(SlotKind.Quoted)) return;
                    sentenceStart = false;
                    continue;
                }
                i++;
                continue;
            }
            if (char.IsDigit(c))
            {
                i++;
                while (i < text.Length && (char.IsDigit(text[i]) || (text[i] is '.' or ',' or ':' or '/' or '%' or 'x' or 'e' && i + 1 < text.Length && char.IsDigit(text[i + 1])))) i++;
                if (!sink.Slot(SlotKind.Number)) return;
                sentenceStart = false;
                continue;
            }
            if (char.IsLetter(c))
            {
                if (StartsUrl(text[i..]))
                {
                    while (i < text.Length && !char.IsWhiteSpace(text[i])) i++;
                    if (!sink.Slot(SlotKind.Url)) return;
                    sentenceStart = false;
                    continue;
                }
                int start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_' ||
                       (text[i] is '\'' or '-' && i + 1 < text.Length && char.IsLetter(text[i + 1])))) i++;
                var word = text[start..i];
                ulong hash = LowerHash(word, out CueFamily cues);
                bool name = !sentenceStart && char.IsUpper(c) && word.Length > 1 && HasLower(word) && cues == CueFamily.None;
                if (!(name ? sink.Slot(SlotKind.Name) : sink.Word(word, hash, cues))) return;
                sentenceStart = false;
                continue;
            }
            if (c == '\n') sink.LineBreak();
            if (c is '.' or '!' or '?' or '\n' or ':') sentenceStart = true;
            i++;
        }
    }

    // Called at every word start: the first letter rules out nearly every word before the comparisons.
    private static bool StartsUrl(ReadOnlySpan<char> text) =>
        (text[0] | 0x20) is 'h' or 'w' && (
        text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ||
        text.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ||
        text.StartsWith("www.", StringComparison.OrdinalIgnoreCase));

    private static bool HasLower(ReadOnlySpan<char> word)
    {
        foreach (char ch in word) if (char.IsLower(ch)) return true;
        return false;
    }

    /// <summary>FNV-1a over the lower-cased word; cue stems are matched on the prefixes as they are hashed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong LowerHash(ReadOnlySpan<char> word, out CueFamily cues)
    {
        ulong h = 14695981039346656037UL;
        cues = CueFamily.None;
        bool probe = true;
        for (int k = 0; k < word.Length; k++)
        {
            char ch = word[k];
            ch = ch < 128 ? (char)(ch is >= 'A' and <= 'Z' ? ch | 0x20 : ch) : char.ToLowerInvariant(ch);
            h = (h ^ ch) * 1099511628211UL;
            if (k < CueStems.MinLength - 1 || k >= CueStems.MaxLength || cues != CueFamily.None) continue;
            // Most words share no three-letter start with any stem: one bit test then spares the
            // longer prefixes their table probes (the scan's main cost per character).
            if (k == CueStems.MinLength - 1 && !CueStems.MayStartStem(h)) { probe = false; continue; }
            if (probe) cues = CueStems.Lookup(h, k + 1);
        }
        return h;
    }
}
