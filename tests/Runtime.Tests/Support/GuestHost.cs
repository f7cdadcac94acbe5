using Mik.Durable.Runtime.Wasm;
using Mik.Durable.Runtime.Wagi;

namespace Mik.Durable.Runtime.Tests.Support;

/// <summary>Compiles a WAT guest on the shared engine and runs requests against it.</summary>
internal static class GuestHost
{
    public static WagiModule Load(WasmEngine engine, string wat, WagiModuleSettings? settings = null, string name = "test") =>
        new(engine, name, engine.CompileText(name, wat), settings ?? new WagiModuleSettings());

    public static WagiResult Run(WasmEngine engine, string wat, WagiRequest? request = null, WagiModuleSettings? settings = null)
    {
        using var module = Load(engine, wat, settings);
        return new WagiExecutor(engine).Execute(module, request ?? Get("/run/test"));
    }

    public static WagiRequest Get(string pathAndQuery, params (string Name, string Value)[] headers)
    {
        var q = pathAndQuery.IndexOf('?');
        return new WagiRequest
        {
            Method = "GET",
            RawPath = q < 0 ? pathAndQuery : pathAndQuery[..q],
            RawQuery = q < 0 ? "" : pathAndQuery[(q + 1)..],
            RoutePrefix = "/run/test",
            Host = "localhost:3000",
            RemoteIp = "127.0.0.1",
            Headers = headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).ToList(),
        };
    }
}
