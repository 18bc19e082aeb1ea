using Moat.Contract.Records;

namespace Moat.Simulation.Tests;

/// <summary>The structural traits that make each persona what docs/simulation.md says it is.</summary>
[Collection(TinyRunCollection.Name)]
public sealed class CampaignShapeTests(TinyRunFixture run)
{
    private string PersonaOf(string accountId) => run.Labels.First(l => l.AccountId == accountId).Persona!;

    /// <summary>Median seconds from each exchange of <paramref name="persona"/> to the nearest one of another account of the same persona.</summary>
    private double MedianGapToOtherAccount(string persona)
    {
        var ids = run.Labels.Where(l => l.Persona == persona).Select(l => l.AccountId).ToHashSet(StringComparer.Ordinal);
        var xs = run.Exchanges.Where(x => ids.Contains(x.AccountId)).ToList();
        var gaps = new List<double>();
        for (int i = 0; i < xs.Count; i++)
        {
            double best = double.MaxValue;
            for (int j = i - 1; j >= 0 && (xs[i].Ts - xs[j].Ts).TotalSeconds < best; j--)
                if (xs[j].AccountId != xs[i].AccountId) best = Math.Min(best, (xs[i].Ts - xs[j].Ts).TotalSeconds);
            for (int j = i + 1; j < xs.Count && (xs[j].Ts - xs[i].Ts).TotalSeconds < best; j++)
                if (xs[j].AccountId != xs[i].AccountId) best = Math.Min(best, (xs[j].Ts - xs[i].Ts).TotalSeconds);
            if (best < double.MaxValue) gaps.Add(best);
        }
        gaps.Sort();
        return gaps[gaps.Count / 2];
    }

    [Fact]
    public void Hydra_accounts_send_in_loose_lockstep_and_stealth_accounts_do_not()
    {
        double hydra = MedianGapToOtherAccount(Personas.Hydra);
        double stealth = MedianGapToOtherAccount(Personas.Stealth);
        Assert.True(hydra < 30, $"hydra median gap to another member {hydra:F0} s: no round-robin waves");
        Assert.True(stealth > 10 * hydra, $"stealth median gap {stealth:F0} s vs hydra {hydra:F0} s: stealth should not move in lockstep");
    }

    [Fact]
    public void Hydra_accounts_sign_up_in_bursts()
    {
        var bursts = run.Run.Options.Campaigns.Single(c => c.Persona == Personas.Hydra).SignupBursts;
        var hydra = run.Accounts.Where(a => PersonaOf(a.AccountId) == Personas.Hydra).ToList();
        var perHour = hydra.GroupBy(a => a.CreatedAt.Ticks / TimeSpan.TicksPerHour).Select(g => g.Count()).OrderDescending().ToList();
        int inBusiestHours = perHour.Take(2 * bursts).Sum();
        Assert.True(inBusiestHours >= 0.9 * hydra.Count, $"only {inBusiestHours} of {hydra.Count} hydra sign-ups fall in the {2 * bursts} busiest hours");
    }

    [Fact]
    public void Enterprise_accounts_are_declared_verified_organisations_with_one_payment_each()
    {
        var enterprise = run.Accounts.Where(a => PersonaOf(a.AccountId) == Personas.EnterpriseBatch).ToList();
        Assert.NotEmpty(enterprise);
        Assert.All(enterprise, a =>
        {
            Assert.NotNull(a.OrgId);
            Assert.True(a.Verified);
            Assert.Equal(AccountTiers.Enterprise, a.Tier);
        });
        Assert.All(enterprise.GroupBy(a => a.OrgId), org => Assert.Single(org.Select(a => a.PaymentFingerprint).Distinct()));
        Assert.True(enterprise.Select(a => a.OrgId).Distinct().Count() < enterprise.Count, "an organisation should hold several accounts");
    }
}
