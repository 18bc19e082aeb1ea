namespace Moat.Detection.Features;

/// <summary>
/// Families of word stems that point at what a prompt asks for. Matching is by stem prefix
/// ("reason" matches "reasoning", "reasons"), so rewording within a family still counts; the
/// families are only one input next to structure (tools, code, reasoning flag) and template mining.
/// </summary>
[Flags]
public enum CueFamily : ushort
{
    None = 0,
    ChainOfThought = 1 << 0,
    Grading = 1 << 1,
    Coding = 1 << 2,
    Agentic = 1 << 3,
    Planning = 1 << 4,
}
