namespace Mik.Durable.Fuzz.Tests;

public sealed class CgiFuzzTests
{
    [Fact]
    public void Seeds_and_mutations_keep_the_contract() => FuzzRun.Check(FuzzTargets.Cgi, mutations: 4000);
}
