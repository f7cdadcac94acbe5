using Mik.Durable.Fuzz;
using SharpFuzz;

// mik's fuzz targets (docs/reliability.md, Fuzzing).
//   Mik.Durable.Fuzz <target>                 under afl-fuzz: one input per run on stdin (scripts/fuzz.sh)
//   Mik.Durable.Fuzz <target> <file|dir>...   replays saved inputs (a crash afl-fuzz found); exit 1 if any fails
//   Mik.Durable.Fuzz make-aot-seeds <dir>     writes the aot target's signed seed artifacts
if (args.Length == 0 || (args[0] != AotSeeds.Command && !FuzzTargets.Names.Contains(args[0])))
{
    Console.Error.WriteLine($"usage: Mik.Durable.Fuzz <{string.Join('|', FuzzTargets.Names)}> [file|dir...] | {AotSeeds.Command} <dir>");
    return 2;
}
if (args[0] == AotSeeds.Command)
{
    AotSeeds.Write(args[1]);
    return 0;
}
if (args.Length > 1) return Replay.Run(args[0], args[1..]);

// Created in the process that runs inputs, not in the out-of-process server that only talks to afl-fuzz.
IFuzzTarget? target = null;
Fuzzer.OutOfProcess.Run(stream =>
{
    using var memory = new MemoryStream();
    stream.CopyTo(memory);
    target ??= FuzzTargets.Create(args[0]);
    target.Run(memory.ToArray());
});
return 0;
