using Moat.Contract.Records;
using Moat.Reports.Building;

namespace Moat.Reports.Tests;

public sealed class WordingTests
{
    private static Campaign Campaign(long exchanges, int accounts, DateTime first, DateTime last, Dictionary<string, double> caps) => new()
    {
        Id = "c1", Confidence = 0.9, Accounts = [.. Enumerable.Range(0, accounts).Select(i => $"a{i}")], Exchanges = exchanges,
        FirstSeen = first, LastSeen = last, Capabilities = caps, Evidence = [], RecommendedAction = "block",
    };

    [Fact]
    public void Campaign_sentence_reads_like_the_message_to_a_partner()
    {
        var c = Campaign(28_800_000, 25_000, new DateTime(2026, 4, 22, 3, 0, 0, DateTimeKind.Utc), new DateTime(2026, 6, 5, 22, 0, 0, DateTimeKind.Utc),
            new() { ["agentic_reasoning"] = 0.45, ["coding"] = 0.38, ["other"] = 0.17 });

        Assert.Equal("28.8 million exchanges from 25,000 accounts between 22 April and 5 June 2026, targeting agentic reasoning and coding.",
            Wording.CampaignSentence(c));
    }

    [Fact]
    public void Minor_capabilities_and_other_are_not_named_but_the_top_one_always_is()
    {
        var mixed = new Dictionary<string, double> { ["coding"] = 0.15, ["math"] = 0.12, ["other"] = 0.73 };
        Assert.Equal(["coding"], Wording.TargetedCapabilities(mixed));
        Assert.Equal(["reasoning traces", "mathematics", "agentic tool use"],
            Wording.TargetedCapabilities(new Dictionary<string, double> { ["math"] = 0.3, ["reasoning_trace"] = 0.4, ["agentic_tool_use"] = 0.25, ["coding"] = 0.05 }));
        Assert.Empty(Wording.TargetedCapabilities(new Dictionary<string, double>()));
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(999_999, "999,999")]
    [InlineData(1_000_000, "1 million")]
    [InlineData(28_849_000, "28.8 million")]
    [InlineData(3_210_000_000, "3.2 billion")]
    public void Counts_are_written_for_people(long n, string expected) => Assert.Equal(expected, Wording.Count(n));

    [Fact]
    public void Periods_name_the_year_once_and_handle_single_days_and_year_ends()
    {
        var d = (int y, int m, int day) => new DateTime(y, m, day, 12, 0, 0, DateTimeKind.Utc);
        Assert.Equal("on 3 May 2026", Wording.Period(d(2026, 5, 3), d(2026, 5, 3).AddHours(5)));
        Assert.Equal("between 28 December 2025 and 3 January 2026", Wording.Period(d(2025, 12, 28), d(2026, 1, 3)));
        Assert.Equal("", Wording.Period(DateTime.MinValue, d(2026, 1, 3)));
    }

    [Fact]
    public void Singulars_and_an_empty_scan_read_correctly()
    {
        var one = Campaign(1, 1, new DateTime(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc), new() { ["coding"] = 1 });
        Assert.Equal("1 exchange from 1 account on 1 May 2026, targeting coding.", Wording.CampaignSentence(one));
        Assert.Equal("Moat found no campaign among 1,200 accounts and 3.4 million exchanges.", Wording.ScanSentence([], new ScanStats(1200, 3_400_000, 0)));
        Assert.Equal("Moat found 1 campaign: 1 account that sent 1 exchange, 50% of the 2 exchanges scanned.", Wording.ScanSentence([one], new ScanStats(3, 2, 0)));
    }
}
