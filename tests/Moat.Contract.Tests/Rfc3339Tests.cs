using Moat.Contract.Json;

namespace Moat.Contract.Tests;

public sealed class Rfc3339Tests
{
    [Theory]
    [InlineData("2026-04-22T03:14:07.123Z", "2026-04-22T03:14:07.123Z")]
    [InlineData("2026-04-22T03:14:07Z", "2026-04-22T03:14:07.000Z")]
    [InlineData("2026-04-22T05:14:07.5+02:00", "2026-04-22T03:14:07.500Z")]
    [InlineData("2026-04-21t23:14:07.123456-04:00", "2026-04-22T03:14:07.123Z")]
    public void Parses_to_utc_and_formats_canonically(string input, string expected)
    {
        Assert.True(Rfc3339.TryParse(input, out var utc));
        Assert.Equal(DateTimeKind.Utc, utc.Kind);
        Assert.Equal(expected, Rfc3339.Format(utc));
    }

    [Theory]
    [InlineData("2026-04-22 03:14:07Z")]
    [InlineData("2026-13-22T03:14:07Z")]
    [InlineData("2026-02-30T03:14:07Z")]
    [InlineData("2026-04-22T03:14:07")]
    [InlineData("2026-04-22T03:14:07.Z")]
    [InlineData("2026-04-22T03:14:07+0200")]
    [InlineData("")]
    // Valid syntax, but outside what DateTime can hold once converted to UTC: rejected, never thrown.
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("9999-12-31T23:30:00-01:00")]
    [InlineData("9999-12-31T23:59:60.9999999Z")]
    public void Rejects_what_is_not_rfc3339(string input) => Assert.False(Rfc3339.TryParse(input, out _));
}
