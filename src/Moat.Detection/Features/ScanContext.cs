namespace Moat.Detection.Features;

/// <summary>Facts about the whole scanned window that account signals are measured against.</summary>
public sealed record ScanContext
{
    public long WindowStartTicks { get; init; }
    public long WindowEndTicks { get; init; }
    /// <summary>Models first seen after the window began (released during it), with that first sighting.</summary>
    public IReadOnlyDictionary<string, long> NewModels { get; init; } = new Dictionary<string, long>();
    /// <summary>
    /// By template id, whether the template is scripted rather than common phrasing
    /// (<see cref="TemplateReputation"/>); null until the first scoring round has run.
    /// </summary>
    public bool[]? ScriptedTemplates { get; init; }
}
