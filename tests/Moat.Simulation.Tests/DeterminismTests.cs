namespace Moat.Simulation.Tests;

public sealed class DeterminismTests
{
    [Fact]
    public void Same_seed_gives_byte_identical_files_whatever_the_thread_count()
    {
        using var a = new SimulatedRun(SimulatedRun.Tiny(5).WithTotalExchanges(12_000) with { Workers = 1 });
        using var b = new SimulatedRun(SimulatedRun.Tiny(5).WithTotalExchanges(12_000) with { Workers = 4 });
        Assert.Equal(a.Bytes(a.Summary.ExchangesPath), b.Bytes(b.Summary.ExchangesPath));
        Assert.Equal(a.Bytes(a.Summary.AccountsPath), b.Bytes(b.Summary.AccountsPath));
        Assert.Equal(a.Bytes(a.Summary.LabelsPath), b.Bytes(b.Summary.LabelsPath));
    }

    [Fact]
    public void Different_seeds_give_different_traffic_and_accounts()
    {
        using var a = new SimulatedRun(SimulatedRun.Tiny(5).WithTotalExchanges(12_000));
        using var b = new SimulatedRun(SimulatedRun.Tiny(6).WithTotalExchanges(12_000));
        Assert.NotEqual(a.Bytes(a.Summary.ExchangesPath), b.Bytes(b.Summary.ExchangesPath));
        Assert.NotEqual(a.Bytes(a.Summary.AccountsPath), b.Bytes(b.Summary.AccountsPath));
    }

    [Fact]
    public void Gzip_output_holds_the_same_lines_as_plain_output()
    {
        using var plain = new SimulatedRun(SimulatedRun.Tiny(3).WithDays(2).WithTotalExchanges(4_000));
        using var gz = new SimulatedRun(SimulatedRun.Tiny(3).WithDays(2).WithTotalExchanges(4_000) with { Gzip = true });
        Assert.EndsWith(".gz", gz.Summary.ExchangesPath);
        using var decompressed = new MemoryStream();
        using (var s = Moat.Contract.Io.ContractInput.Open(gz.Summary.ExchangesPath)) s.CopyTo(decompressed);
        Assert.Equal(plain.Bytes(plain.Summary.ExchangesPath), decompressed.ToArray());
    }
}
