using System.Buffers;
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Json;
using Moat.Contract.Io;
using Moat.Contract.Json;
using Moat.Contract.Records;
using Moat.Simulation.Content;
using Moat.Simulation.Corpus;
using Moat.Simulation.Output;
using Moat.Simulation.Scheduling;

namespace Moat.Simulation;

/// <summary>
/// Generates a labelled traffic data set: <c>accounts.jsonl</c>, <c>labels.jsonl</c> and
/// <c>exchanges.jsonl[.gz]</c> in time order. Same options → byte-identical files, whatever the
/// number of threads. Memory holds the accounts and one day's schedule, never all exchanges.
/// </summary>
public static class TrafficSimulator
{
    public const string ExchangesFile = "exchanges.jsonl";
    public const string AccountsFile = "accounts.jsonl";
    public const string LabelsFile = "labels.jsonl";

    // Same settings as Moat.Contract's RecordWriter, so simulated files look like every other Moat output.
    private static readonly JsonWriterOptions JsonOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private const int ChunkSize = 4096;

    public static SimulationSummary Run(SimulationOptions options, string outDir, IProgress<SimulationProgress>? progress = null, CancellationToken cancel = default)
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        var corpus = options.CorpusDir is null ? PromptCorpus.Builtin : CorpusLoader.LoadDirectory(options.CorpusDir);
        var population = Population.PopulationBuilder.Build(options);
        Directory.CreateDirectory(outDir);

        // Registry and labels in sign-up order, as a provider's export would list them.
        var ordered = population.Actors.ToArray();
        Array.Sort(ordered, (a, b) =>
        {
            int c = a.Account.CreatedAt.CompareTo(b.Account.CreatedAt);
            return c != 0 ? c : string.CompareOrdinal(a.AccountId, b.AccountId);
        });
        var accountsPath = Path.Combine(outDir, AccountsFile);
        var labelsPath = Path.Combine(outDir, LabelsFile);
        using (var accounts = RecordWriter<Account>.Create(accountsPath, AccountCodec.Instance))
        using (var labels = RecordWriter<Label>.Create(labelsPath, LabelCodec.Instance))
        {
            foreach (var actor in ordered)
            {
                accounts.Write(actor.Account);
                labels.Write(actor.Label);
            }
        }

        var exchangesPath = Path.Combine(outDir, options.Gzip ? ExchangesFile + ".gz" : ExchangesFile);
        // Remove the other variant so a folder never holds two different logs.
        var stale = Path.Combine(outDir, options.Gzip ? ExchangesFile : ExchangesFile + ".gz");
        if (File.Exists(stale)) File.Delete(stale);

        var composer = new ExchangeComposer(options, population, corpus);
        var scheduler = new DayScheduler(options, population);
        var perActor = new long[population.Actors.Count];
        long sequence = 0;
        // Each chunk is gzipped on its render thread as its own gzip member: a multi-member gzip file
        // (RFC 1952) that every gzip reader accepts, compressed on all cores instead of one.
        using (var output = new FileStream(exchangesPath, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16))
        using (var writer = new OrderedChunkWriter(output, options.Workers, maxInFlight: options.Workers * 2 + 1))
        {
            int lastCount = 0;
            for (int day = 0; day < options.Days; day++)
            {
                cancel.ThrowIfCancellationRequested();
                // A fresh list each day: chunks of the previous day may still be rendering from the old one.
                var schedule = new List<ScheduledExchange>(lastCount + lastCount / 4);
                scheduler.Schedule(day, schedule);
                foreach (var slot in schedule) perActor[slot.Actor]++;
                for (int start = 0; start < schedule.Count; start += ChunkSize)
                {
                    int from = start, count = Math.Min(ChunkSize, schedule.Count - start);
                    long firstSequence = sequence + start;
                    writer.Submit(buffer => RenderChunk(composer, schedule, from, count, firstSequence, buffer, options.Gzip));
                }
                sequence += schedule.Count;
                lastCount = schedule.Count;
                progress?.Report(new SimulationProgress(day + 1, options.Days, sequence, options.TargetExchanges));
            }
            writer.Complete();
        }

        return Summarise(options, population, perActor, sequence, exchangesPath, accountsPath, labelsPath, clock.Elapsed);
    }

    [ThreadStatic] private static ArrayBufferWriter<byte>? _plainChunk;

    private static void RenderChunk(ExchangeComposer composer, List<ScheduledExchange> schedule, int from, int count, long firstSequence,
        ArrayBufferWriter<byte> output, bool gzip)
    {
        var target = output;
        if (gzip)
        {
            target = _plainChunk ??= new ArrayBufferWriter<byte>(1 << 22);
            target.ResetWrittenCount();
        }
        var messages = new List<ChatMessage>(16);
        using (var json = new Utf8JsonWriter(target, JsonOptions))
        {
            for (int i = 0; i < count; i++)
            {
                var exchange = composer.Compose(schedule[from + i], firstSequence + i, messages);
                ExchangeCodec.Instance.Write(json, exchange);
                json.Flush();
                json.Reset();
                target.Write("\n"u8);
            }
        }
        if (gzip)
        {
            using var member = new GZipStream(new BufferWriterStream(output), CompressionLevel.Fastest);
            member.Write(target.WrittenSpan);
        }
    }

    private static SimulationSummary Summarise(SimulationOptions options, Population.Population population, long[] perActor, long total,
        string exchangesPath, string accountsPath, string labelsPath, TimeSpan elapsed)
    {
        var byPersona = new List<KeyValuePair<string, long>>();
        foreach (var persona in Personas.Organic.Concat(Personas.Attack))
        {
            long n = 0;
            bool present = false;
            foreach (var a in population.Actors)
            {
                if (a.Persona != persona) continue;
                present = true;
                n += perActor[a.Index];
            }
            if (present) byPersona.Add(new(persona, n));
        }
        var byCampaign = population.Campaigns
            .Select(c => new KeyValuePair<string, long>(c.Spec.Id, c.Members.Sum(m => perActor[m])))
            .ToArray();
        return new SimulationSummary
        {
            ExchangesPath = exchangesPath,
            AccountsPath = accountsPath,
            LabelsPath = labelsPath,
            Exchanges = total,
            Accounts = population.Actors.Count,
            AttackAccounts = population.Actors.Count(a => a.Campaign >= 0),
            ExchangesByPersona = byPersona,
            ExchangesByCampaign = byCampaign,
            Elapsed = elapsed,
        };
    }
}
