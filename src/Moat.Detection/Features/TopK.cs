namespace Moat.Detection.Features;

/// <summary>
/// Space-Saving heavy hitters in fixed memory: the K most frequent keys of a stream with counts that
/// over-estimate by at most the smallest kept count. Keeps per-account state fixed-size.
/// </summary>
public sealed class TopK<TKey> where TKey : notnull
{
    private readonly TKey[] _keys;
    private readonly int[] _counts;
    private readonly IEqualityComparer<TKey> _comparer;

    public TopK(int capacity, IEqualityComparer<TKey>? comparer = null)
    {
        _keys = new TKey[capacity];
        _counts = new int[capacity];
        _comparer = comparer ?? EqualityComparer<TKey>.Default;
    }

    public int Count { get; private set; }

    public TKey Key(int i) => _keys[i];

    public int CountOf(int i) => _counts[i];

    public void Add(TKey key, int weight = 1)
    {
        for (int i = 0; i < Count; i++)
        {
            if (_comparer.Equals(_keys[i], key)) { _counts[i] += weight; return; }
        }
        if (Count < _keys.Length)
        {
            _keys[Count] = key;
            _counts[Count++] = weight;
            return;
        }
        int min = 0;
        for (int i = 1; i < Count; i++) if (_counts[i] < _counts[min]) min = i;
        _keys[min] = key;
        _counts[min] += weight;
    }

    /// <summary>The index of the most frequent key, or -1 when empty.</summary>
    public int Top()
    {
        int best = -1;
        for (int i = 0; i < Count; i++) if (best < 0 || _counts[i] > _counts[best]) best = i;
        return best;
    }
}
