
namespace Moat.Contract.Json;

/// <summary>
/// RFC 3339 timestamps as the contract writes them (<c>2026-04-22T03:14:07.123Z</c>).
/// Parsing works on UTF-8 bytes without allocating, because every exchange carries one.
/// </summary>
public static class Rfc3339
{
    /// <summary>Length of the canonical form <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>.</summary>
    public const int FormattedLength = 24;

    /// <summary>Parses <c>YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)</c> (also lower-case t/z) into UTC.</summary>
    public static bool TryParse(ReadOnlySpan<byte> s, out DateTime utc)
    {
        utc = default;
        if (s.Length < 20) return false;
        if (!TryDigits(s, 0, 4, out int year) || s[4] != '-' ||
            !TryDigits(s, 5, 2, out int month) || s[7] != '-' ||
            !TryDigits(s, 8, 2, out int day) || (s[10] | 0x20) != 't' ||
            !TryDigits(s, 11, 2, out int hour) || s[13] != ':' ||
            !TryDigits(s, 14, 2, out int minute) || s[16] != ':' ||
            !TryDigits(s, 17, 2, out int second))
        {
            return false;
        }

        int i = 19;
        long fractionTicks = 0;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            int start = i;
            long scale = TimeSpan.TicksPerSecond;
            while (i < s.Length && (uint)(s[i] - '0') <= 9)
            {
                scale /= 10;
                fractionTicks += (s[i] - '0') * scale;
                i++;
            }
            if (i == start) return false;
        }

        if (i >= s.Length) return false;
        int offsetMinutes = 0;
        if ((s[i] | 0x20) == 'z')
        {
            i++;
        }
        else if (s[i] == '+' || s[i] == '-')
        {
            if (s.Length - i != 6 || s[i + 3] != ':' ||
                !TryDigits(s, i + 1, 2, out int oh) || !TryDigits(s, i + 4, 2, out int om) || oh > 23 || om > 59)
            {
                return false;
            }
            offsetMinutes = (oh * 60 + om) * (s[i] == '-' ? -1 : 1);
            i += 6;
        }
        else
        {
            return false;
        }
        if (i != s.Length) return false;

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(1, year), month) ||
            hour > 23 || minute > 59 || second > 60 || year < 1)
        {
            return false;
        }
        // A leap second is folded into the next second rather than rejected.
        // In ticks, so that a time at the edge of DateTime's range (0001 with a + offset, 9999 with a -
        // offset) is rejected as a bad value instead of throwing out of a record parser.
        long ticks = new DateTime(year, month, day, hour, minute, second == 60 ? 59 : second, DateTimeKind.Utc).Ticks
            + fractionTicks + (second == 60 ? TimeSpan.TicksPerSecond : 0)
            - offsetMinutes * TimeSpan.TicksPerMinute;
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks) return false;
        utc = new DateTime(ticks, DateTimeKind.Utc);
        return true;
    }

    public static bool TryParse(string s, out DateTime utc)
    {
        Span<byte> buffer = stackalloc byte[64];
        int written = System.Text.Encoding.UTF8.GetByteCount(s);
        if (written > buffer.Length) { utc = default; return false; }
        written = System.Text.Encoding.UTF8.GetBytes(s, buffer);
        return TryParse(buffer[..written], out utc);
    }

    /// <summary>Writes the canonical millisecond form into <paramref name="destination"/> (24 bytes).</summary>
    public static int Format(DateTime utc, Span<byte> destination)
    {
        if (utc.Kind == DateTimeKind.Local) utc = utc.ToUniversalTime();
        Write4(destination, 0, utc.Year); destination[4] = (byte)'-';
        Write2(destination, 5, utc.Month); destination[7] = (byte)'-';
        Write2(destination, 8, utc.Day); destination[10] = (byte)'T';
        Write2(destination, 11, utc.Hour); destination[13] = (byte)':';
        Write2(destination, 14, utc.Minute); destination[16] = (byte)':';
        Write2(destination, 17, utc.Second); destination[19] = (byte)'.';
        int ms = utc.Millisecond;
        destination[20] = (byte)('0' + ms / 100);
        destination[21] = (byte)('0' + ms / 10 % 10);
        destination[22] = (byte)('0' + ms % 10);
        destination[23] = (byte)'Z';
        return FormattedLength;
    }

    public static string Format(DateTime utc)
    {
        Span<byte> buffer = stackalloc byte[FormattedLength];
        Format(utc, buffer);
        return System.Text.Encoding.ASCII.GetString(buffer);
    }

    private static bool TryDigits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        for (int i = start; i < start + count; i++)
        {
            uint d = (uint)(s[i] - '0');
            if (d > 9) return false;
            value = value * 10 + (int)d;
        }
        return true;
    }

    private static void Write2(Span<byte> d, int at, int v)
    {
        d[at] = (byte)('0' + v / 10);
        d[at + 1] = (byte)('0' + v % 10);
    }

    private static void Write4(Span<byte> d, int at, int v)
    {
        d[at] = (byte)('0' + v / 1000);
        d[at + 1] = (byte)('0' + v / 100 % 10);
        d[at + 2] = (byte)('0' + v / 10 % 10);
        d[at + 3] = (byte)('0' + v % 10);
    }
}
