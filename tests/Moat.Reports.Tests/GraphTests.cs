using Moat.Contract.Records;
using Moat.Reports.Building;

namespace Moat.Reports.Tests;

public sealed class GraphTests
{
    [Fact]
    public void Sampler_keeps_the_most_strongly_linked_accounts_and_only_links_among_them()
    {
        var links = new List<AccountLink>
        {
            new("hub", "a", "payment", 0.9, ""), new("hub", "b", "payment", 0.9, ""), new("hub", "c", "signup_ip", 0.8, ""),
            new("a", "b", "synchrony", 0.5, ""), new("x", "y", "ip_prefix", 0.1, ""), new("a", "a", "template", 5, "self link ignored"),
        };

        var view = LinkGraphSampler.Sample(links, maxNodes: 3, maxEdges: 10)!;

        Assert.Equal(["hub", "a", "b"], view.Nodes.Select(n => n.Account));
        Assert.Equal(6, view.TotalLinks);
        Assert.Equal(6, view.LinkedAccounts);
        Assert.Equal(3, view.Edges.Count); // hub-a, hub-b, a-b: every edge joins two kept nodes
        Assert.Null(LinkGraphSampler.Sample([]));
    }

    [Fact]
    public void Layout_puts_linked_groups_closer_together_than_unrelated_accounts_and_is_deterministic()
    {
        // Two groups of 10 accounts, each fully linked inside, no link between them.
        var edges = new List<GraphEdge>();
        for (int g = 0; g < 2; g++)
            for (int i = 0; i < 10; i++)
                for (int j = i + 1; j < 10; j++) edges.Add(new GraphEdge(g * 10 + i, g * 10 + j, "payment", 1));

        var (x, y) = GraphLayout.ForceDirected(20, edges);
        var again = GraphLayout.ForceDirected(20, edges);

        double Distance(int a, int b) => Math.Sqrt(Math.Pow(x[a] - x[b], 2) + Math.Pow(y[a] - y[b], 2));
        double within = 0, across = 0;
        int nWithin = 0, nAcross = 0;
        for (int a = 0; a < 20; a++)
            for (int b = a + 1; b < 20; b++)
                if (a / 10 == b / 10) { within += Distance(a, b); nWithin++; } else { across += Distance(a, b); nAcross++; }
        Assert.True(within / nWithin * 2 < across / nAcross, $"within {within / nWithin:0}, across {across / nAcross:0}");
        Assert.Equal(x, again.X);
        Assert.Equal(y, again.Y);
        Assert.All(x, v => Assert.True(float.IsFinite(v)));
    }
}
