namespace Moat.Gateway.Proxy;

/// <summary>Splitting a text/event-stream into events (WHATWG HTML §9.2: events end with a blank line).</summary>
public static class SseEvents
{
    /// <summary>
    /// Finds the end of the event starting at <paramref name="start"/>: returns the index where its
    /// terminating blank line begins and sets <paramref name="next"/> past it; -1 if incomplete.
    /// </summary>
    public static int FindEnd(ReadOnlySpan<byte> buffer, int start, out int next)
    {
        for (int i = start; i < buffer.Length; i++)
        {
            byte b = buffer[i];
            if (b != '\n' && b != '\r') continue;
            // Line end at i: \n, \r or \r\n. An event ends when the next line is empty.
            int j = i + 1;
            if (b == '\r' && j < buffer.Length && buffer[j] == '\n') j++;
            if (j >= buffer.Length) break;
            byte c = buffer[j];
            if (c == '\n') { next = j + 1; return i; }
            if (c == '\r')
            {
                if (j + 1 < buffer.Length && buffer[j + 1] == '\n') { next = j + 2; return i; }
                if (j + 1 >= buffer.Length) break;
                next = j + 1;
                return i;
            }
        }
        next = -1;
        return -1;
    }

    /// <summary>Collects the <c>data:</c> lines of one event, joined by newlines, into <paramref name="data"/>.</summary>
    public static void Data(ReadOnlySpan<byte> evt, List<byte> data)
    {
        data.Clear();
        bool firstLine = true;
        while (!evt.IsEmpty)
        {
            int eol = evt.IndexOfAny((byte)'\n', (byte)'\r');
            var line = eol < 0 ? evt : evt[..eol];
            evt = eol < 0 ? default : evt[(eol + 1)..];
            if (!line.StartsWith("data:"u8)) continue;
            line = line[5..];
            if (!line.IsEmpty && line[0] == ' ') line = line[1..];
            if (!firstLine) data.Add((byte)'\n');
            firstLine = false;
            foreach (var b in line) data.Add(b);
        }
    }

    /// <summary>The value of the event's <c>event:</c> line, or null.</summary>
    public static string? EventName(ReadOnlySpan<byte> evt)
    {
        while (!evt.IsEmpty)
        {
            int eol = evt.IndexOfAny((byte)'\n', (byte)'\r');
            var line = eol < 0 ? evt : evt[..eol];
            evt = eol < 0 ? default : evt[(eol + 1)..];
            if (!line.StartsWith("event:"u8)) continue;
            line = line[6..];
            if (!line.IsEmpty && line[0] == ' ') line = line[1..];
            return System.Text.Encoding.UTF8.GetString(line);
        }
        return null;
    }
}
