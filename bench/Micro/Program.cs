using BenchmarkDotNet.Running;

// Micro-benchmarks of the pieces every /run request goes through (docs/benchmarks.md, "Micro-benchmarks"):
//   dotnet run -c Release --project bench/Micro -- --filter '*Cgi*'
// bench/figures/90_micro.py runs all of them and records each next to its class's baseline.
// In process unless runtimes are asked for: BenchmarkDotNet's own runner builds a project around these classes, and
// with it mik, Runtime, Domain and Diagnostics once more, which on the 2-core machine ran past BenchmarkDotNet's own
// build timeout before anything was measured. This process has mik's garbage collector settings (Mik.Durable.Micro.csproj).
string[] own = ["--inProcess", "-i", "--runtimes", "-r"];
BenchmarkSwitcher.FromAssembly(typeof(Mik.Durable.Micro.Guests).Assembly)
    .Run(args.Any(own.Contains) ? args : [.. args, "--inProcess"]);
