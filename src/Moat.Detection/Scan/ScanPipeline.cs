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
        using var miner = new TemplateMiner(options.SpillDirectory, CounterBits(options.ExchangeFiles));
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

        // Registry accounts that sent nothing are scanned too: a spare account of a fleet is registered
        // with the fleet's infrastructure before it is used, and every account gets a score line.
        foreach (var (id, account) in registry)
        {
            if (byId.ContainsKey(id)) continue;
            var silent = new AccountBehaviour(accounts.Count, id) { Registry = account };
            accounts.Add(silent);
            byId[id] = silent;
        }

        // A model first seen a day or more into the window was released during it.
        var newModels = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (model, first) in modelFirstSeen)
            if (first - start >= TimeSpan.TicksPerDay) newModels[model] = first;
        var context = new ScanContext { WindowStartTicks = start, WindowEndTicks = end, NewModels = newModels };

        OnProgress?.Invoke("scoring accounts");
        var signals = new IReadOnlyList<Signal>[accounts.Count];
        var suspicion = new double[accounts.Count];
        void Score(ScanContext scoring) => Parallel.For(0, accounts.Count, new ParallelOptions { MaxDegreeOfParallelism = options.Workers }, i =>
        {
            signals[i] = AccountSignals.Measure(accounts[i], scoring);
            suspicion[i] = AccountSignals.Suspicion(signals[i]);
        });
        // Two rounds: the first tells scripted templates from common phrasing by who uses them, the
        // second lets an account that rotates a few scripted templates count them together.
        Score(context);
        context = context with { ScriptedTemplates = TemplateReputation.Scripted(miner.Templates, suspicion, settings.ScriptedTemplateSuspicion) };
        Score(context);

        OnProgress?.Invoke("linking accounts");
        var graph = new AccountLinker(settings) { OnStep = OnProgress }.Build(accounts, miner.Templates);
        OnProgress?.Invoke("finding campaigns");
        var finder = new CampaignFinder(settings);
        var campaigns = finder.Find(accounts, suspicion, graph);
        OnProgress?.Invoke("campaigns: playbook");
        campaigns = new PlaybookClusterer(settings) { OnStep = OnProgress }.Extend(campaigns, accounts, miner.Templates, suspicion, graph);
        OnProgress?.Invoke("campaigns: attach");
        campaigns = finder.Attach(campaigns, accounts, suspicion, graph);
        OnProgress?.Invoke("campaigns: footprint");
        // Twice: replacements that joined in the first round make the campaign's cards and addresses
        // its own, so heads sharing those (and too quiet to judge) are found in the second.
        var footprintAttacher = new FootprintAttacher(settings);
        campaigns = footprintAttacher.Attach(footprintAttacher.Attach(campaigns, accounts, suspicion), accounts, suspicion);

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

    /// <summary>
    /// Sizes the template counters from the input size (about one exchange per 500 bytes, gzip
    /// about five times denser), so a small test scan does not allocate what a 60-million-line scan needs.
    /// </summary>
    private static int CounterBits(IReadOnlyList<string> files)
    {
        double estimate = 0;
        foreach (var f in files)
        {
            try { estimate += new FileInfo(f).Length / (f.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? 100.0 : 500.0); }
            catch (IOException) { }
        }
        return Math.Clamp((int)Math.Ceiling(Math.Log2(Math.Max(1, estimate * 2))), 16, 23);
    }
}
