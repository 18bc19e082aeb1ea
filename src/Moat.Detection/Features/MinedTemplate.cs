namespace Moat.Detection.Features;

/// <summary>A prompt template found by <see cref="TemplateMiner"/>: an LSH bucket many exchanges fell into.</summary>
public sealed class MinedTemplate(int id, int band, uint key)
{
    public int Id { get; } = id;
    public int Band { get; } = band;
    public uint Key { get; } = key;
    public long Exchanges;
    /// <summary>Accounts for which this template is a heavy hitter (filled after mining).</summary>
    public readonly List<int> Accounts = [];
    public readonly List<string> Examples = [];

    public string Name => $"tpl_{Band}{Key:x8}";
}
