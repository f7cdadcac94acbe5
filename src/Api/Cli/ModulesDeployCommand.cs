using System.CommandLine;
using System.Net.Http.Headers;
using Mik.Durable.Api.Cli.Client;

namespace Mik.Durable.Api.Cli;

/// <summary>
/// <c>mik modules deploy FILE [--name NAME]</c>: <c>PUT /modules/{name}</c> with the file's bytes. A file that
/// cannot be sent (missing, a folder, unreadable) is refused here, before any request.
/// </summary>
internal static class ModulesDeployCommand
{
    public static Command Create()
    {
        var options = new ClientOptions();
        var file = new Argument<string>("file") { Description = "The .wasm file to deploy" };
        var name = new Option<string?>("--name") { Description = "Module name (default: the file name without .wasm)" };
        var command = options.AddTo(new Command("deploy", "Check, compile and serve a module at once (recorded as ModuleDeployed)") { file, name });
        command.SetAction((result, cancellationToken) => ClientCommandRunner.RunAsync(result, options, async (client, output, ct) =>
        {
            var path = result.GetRequiredValue(file);
            var bytes = await ReadAsync(path, ct);
            var module = result.GetValue(name) ?? DefaultName(path);
            using var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/wasm");
            var deployed = await client.SendAsync(HttpMethod.Put, ModulesCommand.Path(module), content, null, ct);
            if (!output.IsTable)
            {
                await output.JsonLineAsync(deployed);
                return ExitCodes.Ok;
            }
            var version = JsonText.At(deployed, "version");
            output.Note(JsonText.At(deployed, "changed") == "yes"
                ? $"deployed {module}: version {version}, sha256 {JsonText.Short(JsonText.At(deployed, "module.sha256"))}, {bytes.Length} bytes; served now"
                : $"{module} already serves these bytes (version {version}): nothing changed");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static string DefaultName(string path)
    {
        var fileName = Path.GetFileName(Path.TrimEndingDirectorySeparator(path));
        return fileName.EndsWith(".wasm", StringComparison.OrdinalIgnoreCase) ? fileName[..^".wasm".Length] : fileName;
    }

    private static async Task<byte[]> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path)) throw new CliException($"{path} is a folder, not a module: name the .wasm file");
        if (!File.Exists(path)) throw new CliException($"{path}: file not found");
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {path}: {e.Message}");
        }
    }
}
