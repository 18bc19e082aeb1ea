using System.Text;

namespace Moat.Detection.Features;

/// <summary>What one prompt reduces to: its token hashes (in a caller's buffer) and cue counts.</summary>
public struct PromptShape
{
    public int Tokens;
    /// <summary>Tokens before the first line break (the whole prompt when it has none).</summary>
    public int FirstLine;
    /// <summary>Tokens before the last line break (0 when it has none).</summary>
    public int LastLineStart;
    public int CodeSlots;
    public int NumberSlots;
    public byte ChainOfThought;
    public byte Grading;
    public byte Coding;
    public byte Agentic;
    public byte Planning;
}

/// <summary>
/// Normalises a prompt: slot values (numbers, quoted strings, code, URLs, names) become placeholders,
/// words are lower-cased and hashed. <see cref="Tokenise"/> is the allocation-free hot path;
/// <see cref="Pattern"/> renders the readable template for evidence.
/// </summary>
public static class PromptNormaliser
{
    public static PromptShape Tokenise(ReadOnlySpan<char> prompt, ulong[] buffer)
    {
        var sink = new HashSink(buffer);
        PromptScanner.Scan(prompt, ref sink);
        sink.Shape.Tokens = sink.Count;
        if (sink.Shape.FirstLine == 0) sink.Shape.FirstLine = sink.Count;
        return sink.Shape;
    }

    /// <summary>The template as text, e.g. <c>Solve &lt;num&gt; step by step</c>; allocates, for evidence only.</summary>
    public static string Pattern(string prompt, int maxTokens = 60)
    {
        var sink = new TextSink(new StringBuilder(), maxTokens);
        PromptScanner.Scan(prompt, ref sink);
        if (sink.Count >= maxTokens) sink.Text.Append(" …");
        return sink.Text.ToString();
    }

    private struct HashSink(ulong[] buffer) : IPromptTokenSink
    {
        public int Count;
        public PromptShape Shape;

        public bool Word(ReadOnlySpan<char> word, ulong lowerHash, CueFamily cues)
        {
            if (cues != CueFamily.None)
            {
                if ((cues & CueFamily.ChainOfThought) != 0 && Shape.ChainOfThought < 255) Shape.ChainOfThought++;
                if ((cues & CueFamily.Grading) != 0 && Shape.Grading < 255) Shape.Grading++;
                if ((cues & CueFamily.Coding) != 0 && Shape.Coding < 255) Shape.Coding++;
                if ((cues & CueFamily.Agentic) != 0 && Shape.Agentic < 255) Shape.Agentic++;
                if ((cues & CueFamily.Planning) != 0 && Shape.Planning < 255) Shape.Planning++;
            }
            return Add(lowerHash);
        }

        public bool Slot(SlotKind kind)
        {
            if (kind == SlotKind.Code) Shape.CodeSlots++;
            if (kind == SlotKind.Number) Shape.NumberSlots++;
            return Add(kind switch
            {
                SlotKind.Number => PromptTokens.Number,
                SlotKind.Quoted => PromptTokens.Quoted,
                SlotKind.Code => PromptTokens.Code,
                SlotKind.Url => PromptTokens.Url,
                _ => PromptTokens.Name,
            });
        }

        public void LineBreak()
        {
            if (Count == 0 || Count == Shape.LastLineStart) return;
            if (Shape.FirstLine == 0) Shape.FirstLine = Count;
            Shape.LastLineStart = Count;
        }

        private bool Add(ulong token)
        {
            // Consecutive identical slots ("<num>, <num>, <num>") collapse: list lengths are slot values too.
            if (Count > 0 && token == buffer[Count - 1] && token is PromptTokens.Number or PromptTokens.Name or PromptTokens.Quoted) return true;
            buffer[Count++] = token;
            return Count < buffer.Length;
        }
    }

    private struct TextSink(StringBuilder text, int max) : IPromptTokenSink
    {
        public readonly StringBuilder Text = text;
        public int Count;

        public bool Word(ReadOnlySpan<char> word, ulong lowerHash, CueFamily cues)
        {
            if (Text.Length > 0 && Text[^1] != '\n') Text.Append(' ');
            foreach (char c in word) Text.Append(char.ToLowerInvariant(c));
            return ++Count < max;
        }

        public void LineBreak()
        {
            if (Text.Length > 0 && Text[^1] != '\n') Text.Append('\n');
        }

        public bool Slot(SlotKind kind)
        {
            if (Text.Length > 0 && Text[^1] != '\n') Text.Append(' ');
            Text.Append(kind switch
            {
                SlotKind.Number => "<num>",
                SlotKind.Quoted => "<quoted>",
                SlotKind.Code => "<code>",
                SlotKind.Url => "<url>",
                _ => "<name>",
            });
            return ++Count < max;
        }
    }
}
