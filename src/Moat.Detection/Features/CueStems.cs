namespace Moat.Detection.Features;

/// <summary>
/// The stem table behind <see cref="CueFamily"/>: a small open-addressing table keyed by the
/// FNV hash of each stem, probed while a word is hashed, so no string is built per word.
/// </summary>
internal static class CueStems
{
    public const int MinLength = 3;
    public const int MaxLength = 9;
    private const int Size = 512;
    private static readonly ulong[] Keys = new ulong[Size];
    private static readonly CueFamily[] Values = new CueFamily[Size];
    private static readonly byte[] Lengths = new byte[Size];
    // A bitmap of the FNV hashes of every stem's first MinLength characters.
    private const int StartBits = 1 << 13;
    private static readonly ulong[] Starts = new ulong[StartBits / 64];

    private static readonly (CueFamily Family, string[] Stems)[] Families =
    [
        (CueFamily.ChainOfThought, ["step", "reason", "think", "thought", "chain", "explain", "deriv", "justif", "rational", "walkthr", "scratch", "showwork", "workings", "intermed", "logic", "deduc", "infer", "proof", "prove"]),
        (CueFamily.Grading, ["rubric", "grade", "grading", "score", "scoring", "rate", "rating", "evaluat", "judge", "assess", "criteri", "critiq", "compare", "prefer", "rank", "reward", "verdict", "correctn", "helpful", "harmless"]),
        (CueFamily.Coding, ["code", "coding", "function", "python", "javasc", "typescr", "rust", "golang", "java", "sql", "regex", "refactor", "debug", "bug", "compile", "implement", "algorith", "class", "method", "unittest", "program", "script", "api", "endpoint", "leetcode", "complexit"]),
        (CueFamily.Agentic, ["tool", "agent", "browse", "navigat", "execut", "invoke", "action", "observ", "click", "search", "retriev", "fetch", "terminal", "shell", "command", "workflow", "orchestr", "json", "schema"]),
        (CueFamily.Planning, ["plan", "roadmap", "milesto", "schedul", "phase", "strateg", "timeline", "quarter", "goal", "subtask", "subgoal", "decompos", "long-term", "horizon", "sequenc", "prioriti", "depend", "checkpoi", "multistep"]),
    ];

    static CueStems()
    {
        foreach (var (family, stems) in Families)
        {
            foreach (var stem in stems)
            {
                ulong h = 14695981039346656037UL;
                foreach (char ch in stem) h = (h ^ ch) * 1099511628211UL;
                int slot = (int)(h & (Size - 1));
                while (Keys[slot] != 0 && Keys[slot] != h) slot = (slot + 1) & (Size - 1);
                Keys[slot] = h;
                Values[slot] |= family;
                Lengths[slot] = (byte)stem.Length;

                ulong start = 14695981039346656037UL;
                for (int c = 0; c < MinLength; c++) start = (start ^ stem[c]) * 1099511628211UL;
                int bit = (int)(start & (StartBits - 1));
                Starts[bit >> 6] |= 1UL << (bit & 63);
            }
        }
    }

    /// <summary>False when no stem starts with the word's first <see cref="MinLength"/> characters (hash given).</summary>
    public static bool MayStartStem(ulong prefixHash)
    {
        int bit = (int)(prefixHash & (StartBits - 1));
        return (Starts[bit >> 6] & (1UL << (bit & 63))) != 0;
    }

    public static CueFamily Lookup(ulong prefixHash, int length)
    {
        int slot = (int)(prefixHash & (Size - 1));
        while (true)
        {
            ulong k = Keys[slot];
            if (k == 0) return CueFamily.None;
            if (k == prefixHash && Lengths[slot] == length) return Values[slot];
            slot = (slot + 1) & (Size - 1);
        }
    }
}
