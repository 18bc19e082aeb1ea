using Moat.Contract.Records;
using Moat.Simulation.Population;

namespace Moat.Simulation.Tests;

public sealed class DistributionTests(TinyRunFixture run) : IClassFixture<TinyRunFixture>
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
}
