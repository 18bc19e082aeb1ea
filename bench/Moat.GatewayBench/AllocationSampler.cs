using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

/// <summary>
/// Samples allocations by type with the runtime's AllocationTick event (one event per ~100 KB
/// allocated): where the bytes of <c>--alloc</c> go, without a profiler.
/// </summary>
sealed class AllocationSampler : EventListener
{
    private readonly ConcurrentDictionary<string, long> _bytes = new();
    public volatile bool Recording;

    protected override void OnEventSourceCreated(EventSource source)
    {
        // GC keyword (0x1) at Verbose carries AllocationTick.
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!Recording || e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null) return;
        int typeIndex = e.PayloadNames!.IndexOf("TypeName");
        int amountIndex = e.PayloadNames.IndexOf("AllocationAmount64");
        if (typeIndex < 0) return;
        long amount = amountIndex >= 0 ? Convert.ToInt64(e.Payload[amountIndex], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        _bytes.AddOrUpdate((string?)e.Payload[typeIndex] ?? "?", amount, (_, v) => v + amount);
    }

    public IEnumerable<(string Type, long Bytes)> Top(int n) =>
        _bytes.OrderByDescending(p => p.Value).Take(n).Select(p => (p.Key, p.Value));
}
