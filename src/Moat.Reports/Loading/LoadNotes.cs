namespace Moat.Reports.Loading;

/// <summary>
/// What the loader had to work around (a missing file, a malformed line, an absent field). The report
/// shows these notes so that an analyst knows where a figure is incomplete instead of trusting a
/// silently patched page.
/// </summary>
public sealed class LoadNotes
{
    private const int MaxKept = 50;
    private readonly List<string> _first = [];

    public int Count { get; private set; }

    public IReadOnlyList<string> First => _first;

    public void Add(string note)
    {
        Count++;
        if (_first.Count < MaxKept) _first.Add(note);
    }
}
