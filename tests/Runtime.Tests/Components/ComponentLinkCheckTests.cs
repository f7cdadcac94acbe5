using Mik.Durable.Runtime.Components;
using Mik.Durable.Runtime.Tests.Support;

namespace Mik.Durable.Runtime.Tests.Components;

/// <summary>What <c>mik validate</c> says a component imports that mik does not provide (docs/components.md).</summary>
public sealed class ComponentLinkCheckTests(EngineFixture fixture)
{
    private HttpComponent Compile(string guest) => HttpComponent.Compile(fixture.Engine.NativeEngine, guest,
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "guests", "components", guest + ".wasm")));

    [Fact]
    public void The_hello_component_imports_nothing_mik_lacks()
    {
        using var component = Compile("hello-http");

        Assert.Empty(ComponentLinkCheck.Unprovided(fixture.Engine.NativeEngine, component));
        Assert.Equal("wasi:http/incoming-handler@0.2.0", component.HandlerExport);
    }

    [Fact]
    public void Each_import_mik_does_not_provide_is_named_once_a_resource_and_a_function_alike()
    {
        using var component = Compile("foreign-imports");

        Assert.Equal(
        [
            "imports resource network of wasi:sockets/network@0.2.0, which mik does not provide",
            "imports function frob of example:unprovided/thing@0.1.0, which mik does not provide",
        ], ComponentLinkCheck.Unprovided(fixture.Engine.NativeEngine, component));
    }
}
