using Moat.Contract.Records;

namespace Moat.Simulation.Tests;

/// <summary>One tiny run shared by the read-back tests: the expensive part is generating it.</summary>
public sealed class TinyRunFixture : IDisposable
{
    public TinyRunFixture()
    {
        Run = new SimulatedRun(SimulatedRun.Tiny(21));
        Exchanges = Run.Exchanges(out var e);
        Accounts = Run.Accounts(out var a);
        Labels = Run.Labels(out var l);
        Reports = [e, a, l];
    }

    public SimulatedRun Run { get; }
    public List<Exchange> Exchanges { get; }
    public List<Account> Accounts { get; }
    public List<Label> Labels { get; }
    public Moat.Contract.Io.ReadReport[] Reports { get; }

    public void Dispose() => Run.Dispose();
}

[CollectionDefinition(Name)]
public sealed class TinyRunCollection : ICollectionFixture<TinyRunFixture>
{
    public const string Name = "tiny run";
}

[Collection(TinyRunCollection.Name)]
public sealed class ContractTests(TinyRunFixture run)
{
    [Fact]
    public void Every_file_passes_the_contract_reader_with_zero_diagnostics()
    {
        foreach (var report in run.Reports)
        {
            Assert.Equal(0, report.BadLines);
            Assert.Empty(report.FirstDiagnostics);
        }
        Assert.Equal(run.Run.Summary.Exchanges, run.Exchanges.Count);
        Assert.Equal(run.Run.Summary.Accounts, run.Accounts.Count);
    }

    [Fact]
    public void Exchanges_are_in_time_order_with_unique_ids_and_a_prompt()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < run.Exchanges.Count; i++)
        {
            var x = run.Exchanges[i];
            Assert.True(ids.Add(x.Id), $"duplicate id {x.Id}");
            if (i > 0) Assert.True(run.Exchanges[i - 1].Ts <= x.Ts, $"{x.Id} is out of time order");
            Assert.False(string.IsNullOrEmpty(x.Prompt), $"{x.Id} has no user prompt");
        }
    }

    [Fact]
    public void Labels_match_accounts_and_exchanges()
    {
        var accounts = run.Accounts.ToDictionary(a => a.AccountId, StringComparer.Ordinal);
        var labels = run.Labels.ToDictionary(l => l.AccountId, StringComparer.Ordinal);
        Assert.Equal(accounts.Keys.Order(StringComparer.Ordinal), labels.Keys.Order(StringComparer.Ordinal));
        var campaignIds = run.Run.Options.Campaigns.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var l in run.Labels)
        {
            if (l.IsAttack)
            {
                Assert.Contains(l.CampaignId!, campaignIds);
                Assert.Contains(l.Persona!, Personas.Attack);
            }
            else
            {
                Assert.Equal(LabelKinds.Organic, l.Kind);
                Assert.Null(l.CampaignId);
                Assert.Contains(l.Persona!, Personas.Organic);
            }
        }
        foreach (var x in run.Exchanges)
        {
            Assert.True(accounts.TryGetValue(x.AccountId, out var account), $"{x.Id}: account {x.AccountId} missing from accounts.jsonl");
            Assert.True(x.Ts >= account!.CreatedAt, $"{x.Id} was sent before {x.AccountId} signed up");
            Assert.Equal(account.OrgId, x.OrgId);
        }
        // Every campaign of the preset actually sent traffic under its label.
        var sending = run.Exchanges.Select(x => labels[x.AccountId].CampaignId).Where(c => c is not null).ToHashSet();
        Assert.Equal(campaignIds.Order(), sending.Order()!);
    }
}
