using Moat.Detection.Features;

namespace Moat.Detection.Tests;

public sealed class TemplateMinerTests
{
    private static readonly string[] Words = ("river cloud garden travel recipe budget story poem letter summary history science orbit " +
        "piano kettle lantern meadow harbor violin glacier canyon pepper saddle timber velvet walnut yonder zebra anchor " +
        "bramble cobalt dune ember fjord gale hazel indigo jasper kelp lagoon mantle nectar").Split(' ');

    [Fact]
    public void Template_and_its_paraphrase_fall_together_and_one_off_prompts_do_not_form_templates()
    {
        var featuriser = new ExchangeFeaturiser();
        var accounts = new List<AccountBehaviour> { new(0, "a"), new(1, "b"), new(2, "c") };
        using var miner = new TemplateMiner();
        var traffic = new Traffic();
        var rng = new Random(1);
        void Observe(int account, string prompt)
        {
            var f = featuriser.Featurise(traffic.Send(accounts[account].AccountId, Traffic.Start, prompt));
            accounts[account].Add(f);
            miner.Observe(account, f.Bands);
        }
        for (int i = 0; i < 30; i++)
        {
            Observe(0, $"Solve step by step and show all of your reasoning.\n\nProblem {rng.Next(10000)}: what is {rng.Next(99)} times {rng.Next(99)}?");
            Observe(1, $"Solve this step by step and show all of your reasoning.\n\nWhy do {(i % 2 == 0 ? "cats" : "owls")} hunt at night, case {i}?");
            Observe(2, string.Join(' ', Enumerable.Range(0, 9).Select(_ => Words[rng.Next(Words.Length)])));
        }
        miner.Assign(accounts, minSupport: 8);

        int topA = accounts[0].Templates.Top(), topB = accounts[1].Templates.Top();
        Assert.True(topA >= 0 && topB >= 0);
        Assert.Equal(accounts[0].Templates.Key(topA), accounts[1].Templates.Key(topB));
        var shared = miner.Templates[accounts[0].Templates.Key(topA)];
        Assert.Equal([0, 1], shared.Accounts);
        Assert.NotEmpty(shared.Examples);
        Assert.True(accounts[2].TemplatedExchanges < 8, $"{accounts[2].TemplatedExchanges} one-off prompts were templated");
    }
}
