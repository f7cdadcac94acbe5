namespace Mik.Durable.Fuzz.Tests;

public sealed class AotFuzzTests
{
    [Fact]
    public void Seeds_and_mutations_keep_the_contract() => FuzzRun.Check(FuzzTargets.Aot, mutations: 1500);
}
