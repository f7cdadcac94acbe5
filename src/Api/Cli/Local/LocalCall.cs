using System.Diagnostics;
using System.Text.Json;
using Mik.Durable.Domain.Deployments;
using Mik.Durable.Api.Requests;
using Mik.Durable.Runtime.Files;
using Mik.Durable.Runtime.Registry;
using Mik.Durable.Runtime.Wagi;

namespace Mik.Durable.Api.Cli.Local;

/// <summary>
/// One request through the server's executor (WAGI, or the component executor for a component), limits and WAGI
/// environment, without a server: the same steps as <see cref="RunHandler"/> from the body limit on, minus what only
/// matters between requests (circuit, gate).
/// </summary>
internal static class LocalCall
{
    /// <summary>What the server's client would see from a loopback client (docs/operations.md, "mik call").</summary>
    public const string RemoteIp = "127.0.0.1";

    private const string JsonContentType = "application/json; charset=utf-8";

    /// <summary>Throws <see cref="CliException"/> when there is no such module or file to run.</summary>
    public static CallAnswer Run(LocalRuntime runtime, string target, CallRequest call)
    {
        var config = runtime.Config;
        var isFile = target.EndsWith(".wasm", StringComparison.Ordinal) || target.Contains('/');
        var name = isFile ? Path.GetFileNameWithoutExtension(target) : target;
        if (!isFile && !ModuleName.IsValid(name)) throw NotFound(name, config.Server.Modules);
        var path = isFile ? target : Path.Combine(config.Server.Modules, name + ".wasm");

        LoadedModule? loaded;
        string? problem;
        try
        {
            loaded = runtime.Load(name, path, out problem, out _);
        }
        catch (FileNotFoundException)
        {
            throw isFile ? new CliException($"{target}: no such file") : NotFound(name, config.Server.Modules);
        }
        catch (NotARegularFileException e)
        {
            throw new CliException($"{path}: {ModuleValidator.NotRegular(e)}", inner: e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{target}: cannot be read: {e.Message}", inner: e);
        }
        // The server's order: no such module (above), then the body, then a module that cannot run.
        if (call.Body.LongLength > config.Server.MaxBodyMb * 1024L * 1024L)
        {
            loaded?.Dispose();
            return Error(413, "body_too_large", $"the request body exceeds max_body_mb = {config.Server.MaxBodyMb}", name, []);
        }
        if (loaded is null)
            return Error(500, "instantiate_failed", WagiOutcome.FailedToInstantiate + ModuleProblems.ForClient(problem!), name, []);

        using (loaded)
        {
            var component = loaded.Component;
            // A component reads its request's headers through wasi:http; a WAGI module only if it reads its environment.
            var request = WagiRequestFactory.Create(name, call.Method, call.RawTarget(name),
                component is not null || loaded.Module.ReadsEnvironment ? call.Headers : [], Host(call.Headers), call.Body,
                config.Server.Port, "http", RemoteIp, "HTTP/1.1");
            var route = loaded.Routes.Match(request.RawPath[request.RoutePrefix.Length..]);
            using var result = component is not null
                ? runtime.Components.Execute(component, request)
                : runtime.Executor.Execute(loaded.Module, route is null ? request : route.Apply(request), route?.Entrypoint);
            if (result.Failure is { } failure)
                return Error(failure.HttpStatus, failure.Code, failure.Message, name, result.StderrLines);
            var response = result.Response!;
            return new CallAnswer(response.Status, response.Headers, response.Body.ToArray(), result.StderrLines);
        }
    }

    // The server's runtime error (HandlerError): the same JSON body, with a trace id of its own.
    private static CallAnswer Error(int status, string code, string message, string module, IReadOnlyList<string> stderr)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new HandlerError(code, message, module, status, ActivityTraceId.CreateRandom().ToHexString()), JsonSerializerOptions.Web);
        return new CallAnswer(status, [new("Content-Type", JsonContentType)], body, stderr, code, message);
    }

    private static string? Host(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var hosts = headers.Where(h => h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
        return hosts.Count == 0 ? null : string.Join(",", hosts);
    }

    private static CliException NotFound(string name, string folder) =>
        new($"no module named '{(name.Length <= 64 ? name : name[..64])}' in {folder}");
}
