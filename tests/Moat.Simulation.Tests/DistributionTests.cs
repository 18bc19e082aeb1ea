using Moat.Contract.Records;
using Moat.Simulation.Population;

namespace Moat.Simulation.Tests;

[Collection(TinyRunCollection.Name)]
public sealed class DistributionTests(TinyRunFixture run)
{
    [Fact]
    public void Organic_casual_activity_is_diurnal_in_each_accounts_local_time()
    {
        var population = PopulationBuilder.Build(run.Run.Options);
        var offsets = population.Actors.Where(a => a.Persona == Personas.Casual).ToDictionary(a => a.AccountId, a => a.UtcOffsetMinutes);
        var perHour = new long[24];
        foreach (var x in run.Exchanges)
        {
            if (!offsets.TryGetValue(x.AccountId, out int offset)) continue;
            perHour[(int)(((x.Ts.TimeOfDay.TotalMinutes + offset) % 1440 + 1440) % 1440) / 60]++;
        }
        double night = perHour[2..6].Average();   // 02:00–05:59 local
        double day = perHour[10..22].Average();    // 10:00–21:59 local
        Assert.True(day > 200, $"too few casual exchanges to judge ({day:F0}/hour)");
        Assert.True(night < 0.35 * day, $"local night {night:F0}/hour vs day {day:F0}/hour: not diurnal");
    }

    [Theory]
    [InlineData(0.9)]
    [InlineData(0.2)]
    public void Hydra_accounts_reuse_payment_instruments_at_the_configured_rate(double reuse)
    {
        var options = SimulationKnobs.Apply(SimulatedRun.Tiny(8), $"hydra.payment_reuse={reuse}");
        options = SimulationKnobs.Apply(options, "hydra.accounts=400");
        var hydra = PopulationBuilder.Build(options).Actors.Where(a => a.Persona == Personas.Hydra).ToList();
        var counts = hydra.GroupBy(a => a.Account.PaymentFingerprint).ToDictionary(g => g.Key!, g => g.Count());
        double shared = hydra.Count(a => counts[a.Account.PaymentFingerprint!] > 1) / (double)hydra.Count;
        Assert.InRange(shared, reuse - 0.08, reuse + 0.08);
    }

    [Fact]
    public void Legitimate_heavy_users_send_more_than_most_attack_accounts()
    {
        var labels = run.Labels.ToDictionary(l => l.AccountId, StringComparer.Ordinal);
        var volume = run.Exchanges.GroupBy(x => x.AccountId).ToDictionary(g => g.Key, g => g.Count());
        int VolumeOf(Label l) => volume.GetValueOrDefault(l.AccountId);
        var attack = run.Labels.Where(l => l.IsAttack).Select(VolumeOf).Order().ToArray();
        var enterprise = run.Labels.Where(l => l.Persona == Personas.EnterpriseBatch).Select(VolumeOf).Order().ToArray();
        int attackP90 = attack[(int)(attack.Length * 0.9)];
        int enterpriseMedian = enterprise[enterprise.Length / 2];
        Assert.True(enterpriseMedian > attackP90, $"enterprise median {enterpriseMedian} ≤ attack p90 {attackP90}");
    }

    [Fact]
    public void Hydra_traffic_moves_through_a_proxy_pool_while_a_shared_nat_is_one_address()
    {
        var labels = run.Labels.ToDictionary(l => l.AccountId, StringComparer.Ordinal);
        var hydraIps = run.Exchanges.Where(x => labels[x.AccountId].Persona == Personas.Hydra).GroupBy(x => x.AccountId)
            .Select(g => g.Select(x => x.Ip).Distinct().Count()).ToArray();
        Assert.True(hydraIps.Average() > 3, "hydra accounts should rotate through proxy addresses");
        var natAccountsPerIp = run.Exchanges.Where(x => labels[x.AccountId].Persona == Personas.SharedNat)
            .GroupBy(x => x.Ip).Select(g => g.Select(x => x.AccountId).Distinct().Count()).Max();
        Assert.True(natAccountsPerIp >= 10, $"a campus NAT address should carry many accounts, got {natAccountsPerIp}");
    }

    [Fact]
    public void Pivot_campaign_moves_to_the_new_model_within_a_day_while_organic_users_adopt_slowly()
    {
        var o = run.Run.Options;
        var labels = run.Labels.ToDictionary(l => l.AccountId, StringComparer.Ordinal);
        var dayAfter = o.Start.AddDays(o.NewModelReleaseDay + 1);
        double NewModelShare(Func<Label, bool> who)
        {
            var after = run.Exchanges.Where(x => x.Ts >= dayAfter && who(labels[x.AccountId])).ToList();
            Assert.NotEmpty(after);
            return after.Count(x => x.Model.StartsWith(o.NewModel, StringComparison.Ordinal)) / (double)after.Count;
        }
        Assert.True(NewModelShare(l => l.Persona == Personas.Pivot) > 0.7, "pivot traffic should be mostly on the new model a day after release");
        Assert.True(NewModelShare(l => !l.IsAttack) < 0.3, "organic users adopt a new model gradually");
    }

    [Fact]
    public void Stealth_accounts_share_little_infrastructure()
    {
        var stealth = run.Accounts.Where(a => run.Labels.Single(l => l.AccountId == a.AccountId).Persona == Personas.Stealth).ToList();
        Assert.True(stealth.Count >= 5);
        Assert.True(stealth.Select(a => a.PaymentFingerprint).Distinct().Count() >= stealth.Count * 0.8, "stealth accounts mostly pay separately");
        var mainAddress = run.Exchanges.Where(x => stealth.Any(a => a.AccountId == x.AccountId))
            .GroupBy(x => x.AccountId)
            .Select(g => g.GroupBy(x => x.Ip).OrderByDescending(ip => ip.Count()).First().Key)
            .ToList();
        Assert.Equal(mainAddress.Count, mainAddress.Distinct().Count());
    }

    [Fact]
    public void Unrelated_casual_users_do_not_all_send_the_same_opening_prompts()
    {
        var casual = run.Labels.Where(l => l.Persona == Personas.Casual).Select(l => l.AccountId).ToHashSet(StringComparer.Ordinal);
        var openings = run.Exchanges.Where(x => casual.Contains(x.AccountId) && x.Request.Messages.Count == 1).ToList();
        int accounts = openings.Select(x => x.AccountId).Distinct().Count();
        int busiest = openings.GroupBy(x => x.Prompt).Max(g => g.Select(x => x.AccountId).Distinct().Count());
        Assert.True(openings.Select(x => x.Prompt).Distinct().Count() > openings.Count / 3, "opening prompts should be mostly distinct");
        Assert.True(busiest < 0.1 * accounts, $"one opening prompt is shared by {busiest} of {accounts} casual accounts");
    }
}
