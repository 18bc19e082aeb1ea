using Moat.Simulation.Randomness;

namespace Moat.Simulation.Content;

/// <summary>
/// How people dress the same question differently: greetings, sign-offs, lower case. Derived from a
/// key so that every turn of one conversation shows the same opening the same way.
/// </summary>
public static class PromptVariation
{
    private static readonly string[] Openers =
        ["", "", "", "", "hi, ", "Hey! ", "Quick question: ", "Hello. ", "ok so ", "Can you help? ", "Question - ", "hey chat, ", "Hi there. ", "Please help: "];

    private static readonly string[] Closers =
        ["", "", "", "", " Thanks!", " thx", " Thank you.", " Please be brief.", " (asking for a friend)", " Explain simply.", "??", " ty"];

    public static string Vary(string prompt, long key)
    {
        var rng = new SimRandom((ulong)key ^ 0x5EA50FUL);
        string opener = Openers[rng.Next(Openers.Length)];
        string closer = Closers[rng.Next(Closers.Length)];
        bool lower = rng.Chance(0.15);
        if (opener.Length == 0 && closer.Length == 0 && !lower) return prompt;
        string body = lower ? prompt.ToLowerInvariant() : prompt;
        return string.Concat(opener, body, closer);
    }
}
