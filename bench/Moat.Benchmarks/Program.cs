using BenchmarkDotNet.Running;

// Every benchmark class in this assembly; pick with --filter, e.g.
//   dotnet run -c Release --project bench/Moat.Benchmarks -- --filter '*Reader*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
