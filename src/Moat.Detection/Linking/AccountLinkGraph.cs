namespace Moat.Detection.Linking;

/// <summary>
/// The weighted account graph: for each linked pair, the summed weight and the reasons (at most one
/// per kind, the strongest). Pairs are keyed by the two account indices, smaller first.
/// </summary>
public sealed class AccountLinkGraph
{
    public sealed class Pair(int a, int b)
    {
        public int A { get; } = a;
        public int B { get; } = b;
        public double Weight;
        public readonly List<LinkReason> Reasons = new(2);
    }

    private readonly Dictionary<long, Pair> _pairs = [];

    public int PairCount => _pairs.Count;

    public IEnumerable<Pair> Pairs => _pairs.Values;

    public static long Key(int a, int b) => a < b ? ((long)a << 32) | (uint)b : ((long)b << 32) | (uint)a;

    public Pair? Find(int a, int b) => _pairs.GetValueOrDefault(Key(a, b));

    /// <summary>Adds a reason; a second reason of the same kind only raises that kind's weight to the larger one.</summary>
    public void Link(int a, int b, string kind, double weight, string detail)
    {
        if (a == b || weight <= 0) return;
        long key = Key(a, b);
        if (!_pairs.TryGetValue(key, out var pair))
        {
            pair = new Pair(Math.Min(a, b), Math.Max(a, b));
            _pairs[key] = pair;
        }
        for (int i = 0; i < pair.Reasons.Count; i++)
        {
            if (pair.Reasons[i].Kind != kind) continue;
            if (weight > pair.Reasons[i].Weight)
            {
                pair.Weight += weight - pair.Reasons[i].Weight;
                pair.Reasons[i] = new LinkReason(kind, weight, detail);
            }
            return;
        }
        pair.Reasons.Add(new LinkReason(kind, weight, detail));
        pair.Weight += weight;
    }
}
