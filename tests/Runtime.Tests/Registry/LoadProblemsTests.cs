using Mik.Durable.Domain.Deployments;
using Mik.Durable.Runtime.Tests.Support;
using Mik.Durable.Tests.Shared;

namespace Mik.Durable.Runtime.Tests.Registry;

/// <summary>What is known at load to stop every request to a module is its problem, not a surprise per request.</summary>
public sealed class LoadProblemsTests : IDisposable
{
    private readonly RegistrySandbox _sandbox = new();
    private readonly RecordingLogger _log = new();

    [Fact]
    public void A_module_without_its_entrypoint_or_with_an_import_nothing_provides_has_a_problem_from_the_start()
    {
        _sandbox.Put("nostart", "nostart");
        File.WriteAllBytes(Path.Combine(_sandbox.ModulesDir, "unlinked.wasm"), WasmBinaries.ImportsUnknownMemory);
        File.WriteAllBytes(Path.Combine(_sandbox.ModulesDir, "component.wasm"), WasmBinaries.Component);
        _sandbox.Put("hello", "hello");
        using var registry = _sandbox.Create(logger: _log);
        registry.Scan(initial: true);

        Assert.Contains("'_start'", registry.Versions["nostart"].Problem);
        Assert.Contains("env::memory", registry.Versions["unlinked"].Problem);
        Assert.Contains("component", registry.Versions["component"].Problem);
        Assert.Null(registry.Versions["hello"].Problem);
        Assert.Contains("'_start'", registry.Acquire("nostart").Problem);
        // One start-up WARN each, and no deployment recorded for what cannot run.
        foreach (var name in new[] { "nostart", "unlinked", "component" })
            Assert.Single(_log.Entries, e => e.Message.StartsWith($"Failed to instantiate module {name}:", StringComparison.Ordinal));
        Assert.Equal("hello", Assert.Single(_sandbox.Audit.OfType<ModuleDeployed>()).Module);
    }

    public void Dispose() => _sandbox.Dispose();
}
