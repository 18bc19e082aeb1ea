using Moat.Contract.Records;

namespace Moat.Detection.Features;

/// <summary>
/// Turns a parsed exchange into <see cref="ExchangeFeatures"/>: normalise, sketch, classify.
/// One instance per worker thread (it owns a reusable token buffer). The batch scan uses
/// <see cref="ExchangeFeatureReader"/>, which reads the same features straight from the JSON line;
/// both end in <see cref="Complete"/>, so they cannot drift apart.
/// </summary>
public sealed class ExchangeFeaturiser
{
    private readonly ulong[] _tokens = new ulong[PromptTokens.MaxTokens];

    public ExchangeFeatures Featurise(Exchange e)
    {
        var messages = e.Request.Messages;
        string prompt = string.Empty;
        bool conversational = false;
        for (int i = messages.Count - 1; i >= 0; i--)
        {
            var m = messages[i];
            if (prompt.Length == 0 && m.Role == ChatRoles.User) prompt = m.Content;
            else if (m.Role == ChatRoles.Assistant) { conversational = true; break; }
        }

        var f = new ExchangeFeatures
        {
            AccountId = e.AccountId,
            Ticks = e.Ts.Ticks,
            Model = e.Model,
            Ip = e.Ip,
            UserAgent = e.UserAgent,
            TlsFingerprint = e.TlsFingerprint,
            OrgId = e.OrgId,
            Prompt = prompt,
            InputTokens = e.Response.InputTokens ?? 0,
            OutputTokens = e.Response.OutputTokens ?? 0,
        };
        bool reasoning = e.Request.Reasoning == true || e.Response.ReasoningTokens > 0;
        Complete(ref f, prompt, _tokens, conversational, e.Request.Tools ?? 0, reasoning, e.Response.Status);
        return f;
    }

    /// <summary>The prompt-derived part of the features: sketch, capability and flags.</summary>
    internal static void Complete(ref ExchangeFeatures f, ReadOnlySpan<char> prompt, ulong[] tokens, bool conversational, int tools, bool reasoning, int status)
    {
        var shape = PromptNormaliser.Tokenise(prompt, tokens);
        TemplateSketch.Compute(tokens.AsSpan(0, shape.Tokens), shape.FirstLine, shape.LastLineStart, ref f.Bands);
        f.Capability = CapabilityClassifier.Classify(shape, tools, reasoning);
        var flags = ExchangeFlags.None;
        if (CapabilityClassifier.ElicitsChainOfThought(shape)) flags |= ExchangeFlags.ChainOfThought;
        if (CapabilityClassifier.AsksForGrading(shape)) flags |= ExchangeFlags.Grading;
        if (reasoning) flags |= ExchangeFlags.ReasoningRequested;
        if (conversational) flags |= ExchangeFlags.Conversational;
        if (tools > 0) flags |= ExchangeFlags.Tools;
        if (status >= 400) flags |= ExchangeFlags.Failed;
        if (shape.Tokens == 0) flags |= ExchangeFlags.EmptyPrompt;
        f.Flags = flags;
    }
}
