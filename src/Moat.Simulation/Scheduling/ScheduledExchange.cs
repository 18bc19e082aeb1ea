namespace Moat.Simulation.Scheduling;

/// <summary>
/// When an actor sends an exchange, and where in a conversation it is. Content is derived from
/// this alone (plus the seed), so rendering can run on any thread in any order.
/// </summary>
public readonly record struct ScheduledExchange(long Ticks, int Actor, int Conversation, int Turn) : IComparable<ScheduledExchange>
{
    public int CompareTo(ScheduledExchange other)
    {
        int c = Ticks.CompareTo(other.Ticks);
        if (c != 0) return c;
        c = Actor.CompareTo(other.Actor);
        if (c != 0) return c;
        c = Turn.CompareTo(other.Turn);
        return c != 0 ? c : Conversation.CompareTo(other.Conversation);
    }
}
