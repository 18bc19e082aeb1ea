namespace Moat.Detection.Features;

/// <summary>
/// Tells scripted templates from common phrasing. The miner also finds buckets that many ordinary
/// users fall into by wording alone ("Can you help me …"); a harvesting playbook's templates are
/// used by accounts that look scripted. A template is scripted when the median first-round suspicion
/// of its heavy users reaches a floor: the median, so that a few harvesters sending a popular
/// phrasing among hundreds of casual users do not make it scripted.
/// </summary>
public static class TemplateReputation
{
    public static bool[] Scripted(IReadOnlyList<MinedTemplate> templates, double[] suspicion, double floor)
    {
        var scripted = new bool[templates.Count];
        var values = new List<double>();
        foreach (var t in templates)
        {
            if (t.Accounts.Count == 0) continue;
            values.Clear();
            foreach (int a in t.Accounts) values.Add(suspicion[a]);
            values.Sort();
            double median = values.Count % 2 == 1 ? values[values.Count / 2] : 0.5 * (values[values.Count / 2 - 1] + values[values.Count / 2]);
            scripted[t.Id] = median >= floor;
        }
        return scripted;
    }
}
