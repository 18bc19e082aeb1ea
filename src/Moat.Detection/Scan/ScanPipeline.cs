using Moat.Contract.Io;
using Moat.Contract.Json;
using Moat.Contract.Records;
using Moat.Detection.Campaigns;
using Moat.Detection.Features;
using Moat.Detection.Linking;

namespace Moat.Detection.Scan;

/// <summary>
/// The batch scan: one streaming pass over the exchange log (parallel parse and featurise, ordered
/// per-account merge, template band counting with a compact spill), a replay of the spill to assign
/// templates, then per-account signals, the link graph and campaigns. Memory grows with accounts.
/// </summary>
public sealed class ScanPipeline(ScanOptions options)
{
    public Action<string>? OnProgress { get; init; }

    public ScanResult Run()
    {
        var settings = options.Settings;
        var accountReport = new ReadReport();
        var registry = new Dictionary<string, Account>(StringComparer.Ordinal);
        if (options.AccountsFile is { } accountsFile)
        {
            foreach (var account in RecordReader.Read(accountsFile, AccountCodec.Instance, accountReport, requireRecords: false))
                registry[account.AccountId] = account;
        }

        var accounts = new List<AccountBehaviour>();
        var byId = new Dictionary<string, AccountBehaviour>(StringComparer.Ordinal);
        var modelFirstSeen = new Dictionary<string, long>(StringComparer.Ordinal);
        long exchanges = 0, start = long.MaxValue, end = long.MinValue;
        var exchangeReport = new ReadReport();
        using var miner = new TemplateMiner(options.SpillDirectory);
        var stream = new ExchangeFeatureStream(options.Workers, options.BatchLines);
        stream.Run(options.ExchangeFiles, exchangeReport, batch =>
        {
            foreach (ref readonly var f in batch)
            {
                if (!byId.TryGetValue(f.AccountId, out var account))
                {
                    account = new AccountBehaviour(accounts.Count, f.AccountId) { Registry = registry.GetValueOrDefault(f.AccountId) };
                    accounts.Add(account);
                    byId[f.AccountId] = account;
                }
                account.Add(f);
                miner.Observe(account.Index, f.Bands);
                if (!modelFirstSeen.TryGetValue(f.Model, out long seen) || f.Ticks < seen) modelFirstSeen[f.Model] = f.Ticks;
                if (f.Ticks < start) start = f.Ticks;
                if (f.Ticks > end) end = f.Ticks;
            }
            exchanges += batch.Length;
            OnProgress?.Invoke($"{exchanges:N0} exchanges, {accounts.Count:N0} accounts");
        });

        OnProgress?.Invoke("mining templates");
        miner.Assign(accounts, settings.TemplateMinSupport);

        // A model first seen a day or more into the window was released during it.
        var newModels = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (model, first) in modelFirstSeen)
            if (first - start >= TimeSpan.TicksPerDay) newModels[model] = first;
        var context = new ScanContext { WindowStartTicks = start, WindowEndTicks = end, NewModels = newModels };

        OnProgress?.Invoke("scoring accounts");
        var signals = new IReadOnlyList<Signal>[accounts.Count];
        var suspicion = new double[accounts.Count];
        Parallel.For(0, accounts.Count, new ParallelOptions { MaxDegreeOfParallelism = options.Workers }, i =>
        {
            signals[i] = AccountSignals.Measure(accounts[i], context);
            suspicion[i] = AccountSignals.Suspicion(signals[i]);
        });

        OnProgress?.Invoke("linking accounts");
        var graph = new AccountLinker(settings).Build(accounts, miner.Templates);
        OnProgress?.Invoke("finding campaigns");
        var campaigns = new CampaignFinder(settings).Find(accounts, suspicion, graph);

        return new ScanResult
        {
            Accounts = accounts,
            Signals = signals,
            Suspicion = suspicion,
            Campaigns = campaigns,
            Templates = miner.Templates,
            Graph = graph,
            Context = context,
            ExchangeReport = exchangeReport,
            AccountReport = accountReport,
            Exchanges = exchanges,
        };
    }
}
