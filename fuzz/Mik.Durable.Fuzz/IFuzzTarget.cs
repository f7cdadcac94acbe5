namespace Mik.Durable.Fuzz;

/// <summary>
/// One fuzzed entry of mik. <see cref="Run"/> returns for a clean result or a documented refusal, and throws for a
/// defect: an exception the entry does not document, or a <see cref="FuzzContractException"/> when a result breaks
/// the entry's contract. afl-fuzz (through SharpFuzz) and the CI run in tests/Fuzz.Tests call the same targets.
/// </summary>
internal interface IFuzzTarget : IDisposable
{
    string Name { get; }

    void Run(byte[] input);
}
