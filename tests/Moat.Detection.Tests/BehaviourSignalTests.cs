using Moat.Contract.Records;
using Moat.Detection.Features;

namespace Moat.Detection.Tests;

public sealed class BehaviourSignalTests
{
    private static readonly ScanContext Context = new();

    private static AccountBehaviour Account(string country = "US")
    {
        return new AccountBehaviour(0, "a")
        {
            Registry = new Account { AccountId = "a", CreatedAt = Traffic.Start.AddDays(-300), Country = country, Tier = "paid" },
        };
    }

    private static void Add(AccountBehaviour a, DateTime ts, ExchangeFlags flags = ExchangeFlags.None, string model = "m", int input = 100, int output = 100)
    {
        var f = new ExchangeFeatures { AccountId = a.AccountId, Ticks = ts.Ticks, Model = model, Prompt = "x", Flags = flags, InputTokens = input, OutputTokens = output };
        f.Bands[0] = 1;
        a.Add(f);
    }

    private static double Value(AccountBehaviour a, string signal, ScanContext? context = null) =>
        AccountSignals.Measure(a, context ?? Context).Where(s => s.Name == signal).Select(s => s.Value).DefaultIfEmpty(0).Single();

    [Fact]
    public void Machine_regular_arrivals_score_high_and_human_bursts_low()
    {
        var bot = Account();
        for (int i = 0; i < 200; i++) Add(bot, Traffic.Start.AddSeconds(i * 60));
        var human = Account();
        var rng = new Random(3);
        var t = Traffic.Start;
        for (int i = 0; i < 200; i++)
        {
            // Sessions of quick follow-ups separated by hours or days.
            t = t.AddSeconds(i % 8 == 0 ? rng.Next(3600, 86400 * 2) : rng.Next(10, 240));
            Add(human, t);
        }
        Assert.True(Value(bot, "regularity") > 0.9);
        Assert.True(Value(human, "regularity") < 0.1);
    }

    [Fact]
    public void Round_the_clock_traffic_is_night_activity_in_the_claimed_country()
    {
        var roundTheClock = Account("US");
        for (int i = 0; i < 240; i++) Add(roundTheClock, Traffic.Start.AddMinutes(i * 60 + 7));
        var daytime = Account("US");
        for (int d = 0; d < 10; d++) for (int h = 15; h < 24; h++) Add(daytime, Traffic.Start.AddDays(d).AddHours(h)); // 09:00–18:00 US
        Assert.True(Value(roundTheClock, "night_activity") > 0.8);
        Assert.Equal(0, Value(daytime, "night_activity"));
        // The same round-the-clock account claiming Singapore is measured against Singapore's night.
        Assert.True(ClaimedTimeZone.NightShare(daytime.HourOfDay, 8) > 0.1);
    }

    [Fact]
    public void Moving_all_traffic_to_a_new_model_at_once_is_a_rush_and_drifting_is_not()
    {
        var release = Traffic.Start.AddDays(7);
        var context = new ScanContext { NewModels = new Dictionary<string, long> { ["new"] = release.Ticks } };
        var pivot = Account();
        var drifter = Account();
        for (int i = 0; i < 240; i++)
        {
            var ts = Traffic.Start.AddHours(i);
            Add(pivot, ts, model: ts >= release ? "new" : "old");
            Add(drifter, ts, model: ts >= release && i % 8 == 0 ? "new" : "old");
        }
        Assert.True(Value(pivot, "new_model_rush", context) > 0.9);
        Assert.Equal(0, Value(drifter, "new_model_rush", context));
    }

    [Fact]
    public void Reasoning_harvesting_outscores_a_chatty_user()
    {
        var harvester = Account();
        var chatty = Account();
        for (int i = 0; i < 100; i++)
        {
            Add(harvester, Traffic.Start.AddMinutes(i * 30), ExchangeFlags.ChainOfThought | ExchangeFlags.ReasoningRequested, input: 80, output: 3000);
            Add(chatty, Traffic.Start.AddDays(i / 10).AddMinutes(i % 10 * 3), ExchangeFlags.Conversational, input: 600, output: 300);
        }
        double s1 = AccountSignals.Suspicion(AccountSignals.Measure(harvester, Context));
        double s2 = AccountSignals.Suspicion(AccountSignals.Measure(chatty, Context));
        Assert.True(s1 > 0.6, $"harvester {s1:0.00}");
        Assert.True(s2 < 0.2, $"chatty {s2:0.00}");
        Assert.Contains(AccountSignals.TopReasons(AccountSignals.Measure(harvester, Context)), r => r.StartsWith("chain_of_thought", StringComparison.Ordinal));
    }

    [Fact]
    public void Rotating_three_scripted_templates_is_template_focus_and_three_common_phrasings_are_not()
    {
        var a = Account();
        for (int i = 0; i < 30; i++) Add(a, Traffic.Start.AddMinutes(i * 7));
        for (int t = 0; t < 3; t++) a.Templates.Add(t, 10);
        double scripted = Value(a, "template_focus", Context with { ScriptedTemplates = [true, true, true] });
        double common = Value(a, "template_focus", Context with { ScriptedTemplates = [false, false, false] });
        Assert.Equal(1.0, scripted, 3);
        Assert.True(common < 0.25, $"common phrasing {common}");
        Assert.Equal(common, Value(a, "template_focus"), 6);
    }

    [Fact]
    public void A_template_is_scripted_by_who_uses_it_not_by_a_few_harvesters_among_casual_users()
    {
        var popular = new MinedTemplate(0, 0, 1);
        var playbook = new MinedTemplate(1, 0, 2);
        // Accounts 0-4 are casual (0.05), 5-6 harvesters (0.6), 7-10 accounts rotating a playbook (0.33).
        double[] suspicion = [0.05, 0.05, 0.05, 0.05, 0.05, 0.6, 0.6, 0.33, 0.33, 0.33, 0.33];
        popular.Accounts.AddRange([0, 1, 2, 3, 4, 5, 6]);
        playbook.Accounts.AddRange([7, 8, 9, 10]);
        Assert.Equal([false, true], TemplateReputation.Scripted([popular, playbook], suspicion, floor: 0.2));
    }

    [Fact]
    public void Per_account_state_is_fixed_size_whatever_the_traffic()
    {
        var a = Account();
        for (int i = 0; i < 5000; i++)
        {
            var f = new ExchangeFeatures { AccountId = "a", Ticks = Traffic.Start.AddSeconds(i).Ticks, Model = "m" + (i % 50), Prompt = "p" + i, Ip = "10.0." + (i % 200) + ".1", UserAgent = "ua" + (i % 30) };
            f.Bands[0] = (uint)i + 1;
            a.Add(f);
        }
        Assert.Equal(5000, a.Exchanges);
        Assert.True(a.Ips.Count <= 4 && a.Clients.Count <= 2 && a.Models.Count <= 4);
        Assert.True(a.Examples.Count <= AccountBehaviour.MaxExamples && a.ModelFirstUse.Count <= 8);
    }
}
