using Moat.Contract.Io;
using Moat.Contract.Json;
using Moat.Contract.Records;
using Moat.Simulation;

namespace Moat.Simulation.Tests;

/// <summary>A finished simulation in a temporary folder, read back through the contract reader.</summary>
public sealed class SimulatedRun : IDisposable
{
    public SimulatedRun(SimulationOptions options)
    {
        Options = options;
        Dir = Path.Combine(Path.GetTempPath(), "moat-sim-tests", Guid.NewGuid().ToString("N"));
        Summary = TrafficSimulator.Run(options, Dir);
    }

    public SimulationOptions Options { get; }
    public string Dir { get; }
    public SimulationSummary Summary { get; }

    public List<T> Read<T>(string path, IRecordCodec<T> codec, out ReadReport report)
    {
        report = new ReadReport();
        return RecordReader.Read(path, codec, report).ToList();
    }

    public List<Exchange> Exchanges(out ReadReport report) => Read(Summary.ExchangesPath, ExchangeCodec.Instance, out report);
    public List<Account> Accounts(out ReadReport report) => Read(Summary.AccountsPath, AccountCodec.Instance, out report);
    public List<Label> Labels(out ReadReport report) => Read(Summary.LabelsPath, LabelCodec.Instance, out report);

    public byte[] Bytes(string path) => File.ReadAllBytes(path);

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }

    /// <summary>The test preset: every persona and campaign of <c>small</c>, a fraction of the size.</summary>
    public static SimulationOptions Tiny(long seed = 11) => SimulationOptions.FromPreset("tiny", seed);
}
