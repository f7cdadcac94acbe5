namespace Mik.Durable.Fuzz.Tests;

public sealed class ConfigFuzzTests
{
    [Fact]
    public void Seeds_and_mutations_keep_the_contract() => FuzzRun.Check(FuzzTargets.Config, mutations: 1500);
}
