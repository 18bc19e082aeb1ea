namespace Moat.Detection.Features;

/// <summary>
/// Placeholder tokens that stand for a slot value. A template filled with different numbers, quoted
/// strings, code, URLs or names normalises to the same token sequence, so its sketch stays the same.
/// </summary>
public static class PromptTokens
{
    public const ulong Number = 0x9E3779B97F4A7C15UL;
    public const ulong Quoted = 0xC2B2AE3D27D4EB4FUL;
    public const ulong Code = 0x165667B19E3779F9UL;
    public const ulong Url = 0x27D4EB2F165667C5UL;
    public const ulong Name = 0x85EBCA77C2B2AE63UL;

    /// <summary>Hard cap on tokens per prompt: the head of a prompt carries its template.</summary>
    public const int MaxTokens = 256;
}
