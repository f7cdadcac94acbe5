using System.Text;
using Mik.Durable.Runtime.Wagi;
using Mik.Durable.Runtime.Wasm;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// Runs one request with a component and answers in WAGI's result type, so the request path around it (admission,
/// limits, metrics, <c>request_completed</c>, error bodies) is the one WAGI modules go through. Thread-safe; blocks
/// the calling thread for the guest's run time.
/// </summary>
/// <remarks>
/// Without a connection (<c>mik call</c>, tests) the request body is <see cref="WagiRequest.Body"/> and the response
/// is held whole. With one (the server) the body is read from the client as the guest asks, and a response past
/// <see cref="HttpStreaming.BufferedBytes"/> goes to the client as it is written: the result's body is then empty
/// and the response has started (docs/components.md, "Streaming").
/// </remarks>
internal sealed class ComponentExecutor(WasmEngine engine, OutboundHttp? outbound = null)
{
    public WagiResult Execute(ComponentModule module, WagiRequest request, IHttpClientConnection? connection = null)
    {
        var headers = new HttpFields();
        foreach (var (name, value) in request.Headers) headers.Entries.Add(new(name, Encoding.UTF8.GetBytes(value)));
        var path = request.RawQuery.Length == 0 ? request.RawPath : $"{request.RawPath}?{request.RawQuery}";
        // Decision (docs/components.md): a request without a Host header has the server's default host as its
        // authority, as Wasmtime never hands a guest a request without one (StarlingMonkey traps on none).
        var incoming = new HttpIncomingRequest(request.Method, path, headers)
        {
            Body = request.Body, Scheme = request.Scheme, Authority = request.Host ?? request.DefaultHost,
        };

        var calls = outbound is null ? null
            : new OutboundContext(outbound, module.Component.Name, module.Settings.AllowedOutboundHosts, module.Settings.Timeout);
        var answer = HttpComponentRunner.Run(engine, engine.ComponentLinker, module.Component, incoming,
            module.Settings.Timeout, module.MaxMemoryBytes, engine.Options.MaxStdoutBytes,
            new WasiWorld(module.Settings.Env, [module.Component.Name], engine.Options.MaxStderrBytes), calls, connection);
        // The guest's wasi:cli stdout and stderr lines are logged as a WAGI module's stderr is (docs/components.md).
        if (answer.Failure is { } failure) return WagiResult.Failed(answer.FailureKind, failure, answer.OutputLines, -1);

        var response = new CgiResponse(answer.Status,
            [.. answer.Headers.Select(h => new KeyValuePair<string, string>(h.Key, Encoding.Latin1.GetString(h.Value)))],
            answer.Body, []);
        return WagiResult.Success(response, answer.OutputLines, -1);
    }
}
