namespace Moat.Gateway.Scoring;

/// <summary>A known campaign template that a prompt matched.</summary>
public readonly record struct TemplateMatch(string TemplateId, string? CampaignId);

/// <summary>Matches prompts against the templates of known campaigns (from a scan's campaigns.json).</summary>
public interface ITemplateMatcher
{
    /// <summary>Number of templates loaded.</summary>
    int Count { get; }

    bool TryMatch(string prompt, out TemplateMatch match);
}
