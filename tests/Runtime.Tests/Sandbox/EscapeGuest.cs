using System.Text;
using Mik.Durable.Runtime.Wagi;
using Mik.Durable.Runtime.Wasm;

namespace Mik.Durable.Runtime.Tests.Sandbox;

/// <summary>
/// tests/guests/src/escape.c, the guest that tries to leave its sandbox: one probe per request, chosen by the query
/// (<c>p=read&amp;path=/data/../x</c>), answered with a line such as <c>read=failed errno=76</c>.
/// </summary>
internal static class EscapeGuest
{
    private static readonly byte[] Wasm = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "guests", "escape.wasm"));

    public static WagiModule Load(WasmEngine engine, WagiModuleSettings? settings = null) =>
        new(engine, "escape", engine.Compile("escape", Wasm), settings ?? new WagiModuleSettings());

    public static WagiResult Run(WasmEngine engine, WagiModule module, string query, ReadOnlyMemory<byte> body = default)
    {
        var request = new WagiRequest
        {
            Method = body.IsEmpty ? "GET" : "POST",
            RawPath = "/run/escape",
            RawQuery = query,
            RoutePrefix = "/run/escape",
            Host = "localhost:3000",
            RemoteIp = "127.0.0.1",
            Body = body,
        };
        return new WagiExecutor(engine).Execute(module, request);
    }

    /// <summary>The body of a successful probe (its result line), or the failure's code when the run failed.</summary>
    public static string Probe(WasmEngine engine, WagiModule module, string query)
    {
        using var result = Run(engine, module, query);
        return result.Response is { } response
            ? Encoding.UTF8.GetString(response.Body.Span).TrimEnd('\n')
            : $"failure {result.Failure!.Code}: {result.Failure.Message}";
    }
}
