namespace Moat.Simulation.Tests;

public sealed class PresetTests
{
    [Fact]
    public void Small_preset_has_the_documented_size_and_cast()
    {
        using var run = new SimulatedRun(SimulationOptions.FromPreset("small", 1));
        Assert.InRange(run.Summary.Accounts, 1_800, 2_200);
        Assert.InRange(run.Summary.Exchanges, 170_000, 230_000);
        var campaigns = run.Options.Campaigns;
        Assert.True(campaigns.Count(c => c.Accounts >= 10) >= 3, "small needs several campaigns of ≥ 10 accounts");
        Assert.Contains(campaigns, c => c.Persona == Personas.Stealth && c.Accounts <= 50);
        Assert.All(run.Summary.ExchangesByCampaign, c => Assert.True(c.Value > 0, $"campaign {c.Key} sent nothing"));
        var labels = run.Labels(out var report);
        Assert.Equal(0, report.BadLines);
        Assert.Equal(run.Summary.AttackAccounts, labels.Count(l => l.IsAttack));
    }

    [Fact]
    public void Knobs_change_options_and_unknown_knobs_name_themselves()
    {
        var o = SimulationOptions.FromPreset("small", 1);
        var changed = SimulationKnobs.Apply(o, "hydra-1.ip_pool=7");
        Assert.Equal(7, changed.Campaigns.Single(c => c.Id == "hydra-1").IpPool);
        Assert.Equal(o.Campaigns.Single(c => c.Id == "pivot-1"), changed.Campaigns.Single(c => c.Id == "pivot-1"));
        var added = SimulationKnobs.Apply(SimulationKnobs.Apply(o, "add_campaign=grader:capability"), "grader.focus=reward_grading");
        Assert.Equal(Capability.RewardGrading, added.Campaigns.Single(c => c.Id == "grader").Focus);
        var e = Assert.Throws<ArgumentException>(() => SimulationKnobs.Apply(o, "hydra-1.nonsense=1"));
        Assert.Contains("nonsense", e.Message);
        Assert.Throws<ArgumentException>(() => SimulationKnobs.Apply(o, "hydra-1.payment_reuse=lots"));
        Assert.Throws<ArgumentException>(() => SimulationOptions.FromPreset("no-such-preset", 1));
        Assert.Throws<ArgumentException>(() => SimulationKnobs.Apply(o, "programme.tier=vip").Validate());
        Assert.Throws<ArgumentException>(() => SimulationKnobs.Apply(o, "stealth-1.ip_pool=0").Validate());
    }

    [Fact]
    public void Changing_the_window_moves_campaigns_and_the_release_with_it()
    {
        var o = SimulationKnobs.Apply(SimulationOptions.FromPreset("small", 1), "days=7");
        o.Validate();
        Assert.Equal(7, o.Days);
        Assert.All(o.Campaigns, c => Assert.InRange(c.StartDay, 0, 6));
        Assert.Equal(SimulationOptions.FromPreset("small", 1).NewModelReleaseDay / 2, o.NewModelReleaseDay);
    }

    [Fact]
    public void Response_text_can_be_left_out_or_truncated()
    {
        using var none = new SimulatedRun(SimulatedRun.Tiny(2).WithDays(1).WithTotalExchanges(3_000) with { ResponseText = ResponseTextMode.None });
        Assert.All(none.Exchanges(out _), x => Assert.Null(x.Response.Text));
        using var cut = new SimulatedRun(SimulatedRun.Tiny(2).WithDays(1).WithTotalExchanges(3_000) with { ResponseText = ResponseTextMode.Truncate, ResponseTextChars = 50 });
        var texts = cut.Exchanges(out _).Select(x => x.Response.Text).Where(t => t is not null).ToList();
        Assert.NotEmpty(texts);
        Assert.All(texts, t => Assert.True(t!.Length <= 50));
    }
}
