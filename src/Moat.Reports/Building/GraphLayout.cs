namespace Moat.Reports.Building;

/// <summary>
/// Fruchterman–Reingold force-directed layout, computed once when the report is built. Letting the
/// browser run ECharts' force layout redraws the whole graph at every step (seconds for 300 nodes, on
/// every campaign switch); fixed positions draw at once and make the page identical on every open.
/// Deterministic: the same graph always gets the same picture.
/// </summary>
public static class GraphLayout
{
    public const double Size = 1000;
    private const double Gravity = 2;

    /// <summary>Returns x and y per node, around a square of side <see cref="Size"/>.</summary>
    public static (float[] X, float[] Y) ForceDirected(int nodeCount, IReadOnlyList<GraphEdge> edges, int iterations = 200)
    {
        var x = new double[nodeCount];
        var y = new double[nodeCount];
        var dx = new double[nodeCount];
        var dy = new double[nodeCount];
        double centre = Size / 2;
        // Golden-angle spiral: spread, deterministic, strongest nodes (index 0..) near the centre.
        for (int i = 0; i < nodeCount; i++)
        {
            double r = Size * 0.45 * Math.Sqrt((i + 0.5) / Math.Max(1, nodeCount));
            double a = i * 2.399963229728653;
            x[i] = centre + r * Math.Cos(a);
            y[i] = centre + r * Math.Sin(a);
        }
        double maxWeight = 1e-9;
        foreach (var e in edges) maxWeight = Math.Max(maxWeight, e.Weight);
        double k = 0.75 * Math.Sqrt(Size * Size / Math.Max(1, nodeCount));
        double k2 = k * k;
        double temperature = Size / 10;
        double cooling = temperature / (iterations + 1);

        for (int it = 0; it < iterations; it++)
        {
            Array.Clear(dx);
            Array.Clear(dy);
            for (int i = 0; i < nodeCount; i++)
            {
                for (int j = i + 1; j < nodeCount; j++)
                {
                    double ddx = x[i] - x[j], ddy = y[i] - y[j];
                    double d2 = Math.Max(ddx * ddx + ddy * ddy, 0.01);
                    double f = k2 / d2; // repulsion k²/d, applied along the unit vector (ddx/d)
                    dx[i] += ddx * f; dy[i] += ddy * f;
                    dx[j] -= ddx * f; dy[j] -= ddy * f;
                }
            }
            foreach (var e in edges)
            {
                if (e.Source == e.Target) continue;
                double ddx = x[e.Source] - x[e.Target], ddy = y[e.Source] - y[e.Target];
                double d = Math.Sqrt(ddx * ddx + ddy * ddy) + 1e-9;
                double f = d / k * (0.5 + e.Weight / maxWeight); // attraction d²/k, stronger links pull harder
                dx[e.Source] -= ddx * f; dy[e.Source] -= ddy * f;
                dx[e.Target] += ddx * f; dy[e.Target] += ddy * f;
            }
            for (int i = 0; i < nodeCount; i++)
            {
                // Gravity holds the groups together: repulsion alone spreads many small unlinked groups
                // over three times the square, and the chart, scaled to fit, then shows links as dots.
                // At this strength the summed repulsion (about Size² / 2r at radius r, whatever the node
                // count) balances near the square's edge.
                dx[i] -= (x[i] - centre) * Gravity;
                dy[i] -= (y[i] - centre) * Gravity;
                double length = Math.Sqrt(dx[i] * dx[i] + dy[i] * dy[i]);
                if (length < 1e-9) continue;
                double step = Math.Min(length, temperature);
                // Not clamped to the square: the chart fits whatever bounding box results, and clamping
                // would line loosely linked nodes up along the border.
                x[i] += dx[i] / length * step;
                y[i] += dy[i] / length * step;
            }
            temperature -= cooling;
        }
        var fx = new float[nodeCount];
        var fy = new float[nodeCount];
        for (int i = 0; i < nodeCount; i++) { fx[i] = (float)Math.Round(x[i], 1); fy[i] = (float)Math.Round(y[i], 1); }
        return (fx, fy);
    }
}
