using Mik.Durable.Runtime.Wasm;
using Mik.Durable.Runtime.Tests.Support;
using Xunit;

[assembly: AssemblyFixture(typeof(EngineFixture))]

namespace Mik.Durable.Runtime.Tests.Support;

/// <summary>One real engine for the whole test run, as in production (one per process).</summary>
public sealed class EngineFixture : IDisposable
{
    internal WasmEngine Engine { get; } = new(new WasmEngineOptions { MaxInstances = 32, MaxMemoryBytes = 64L * 1024 * 1024 });

    public void Dispose() => Engine.Dispose();
}
