namespace Mik.Durable.Fuzz.Tests;

public sealed class UploadFuzzTests
{
    [Fact]
    public void Seeds_and_mutations_keep_the_contract() => FuzzRun.Check(FuzzTargets.Upload, mutations: 150);
}
