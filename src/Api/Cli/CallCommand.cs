using System.CommandLine;
using Mik.Durable.Api.Cli.Local;
using Mik.Durable.Runtime.Files;

namespace Mik.Durable.Api.Cli;

/// <summary>
/// <c>mik call NAME|FILE.wasm [PATH] [-X M] [-H 'K: V']... [-d DATA|@FILE] [--json]</c>: one request through the
/// server's executor without a server. Exit 0 when the guest answered (any status), 1 when the run failed with a mik
/// error (handler_trap, instantiate_failed…) or there is nothing to run, 2 for usage.
/// </summary>
internal static class CallCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("module") { Description = "A module name in the modules folder, or a .wasm file" };
        var path = new Argument<string>("path") { Description = "Path and query under /run/<module>, e.g. /a?x=1", DefaultValueFactory = _ => "" };
        var method = new Option<string?>("--request", "-X") { Description = "HTTP method (default GET, POST with -d)" };
        var headers = new Option<string[]>("--header", "-H") { Description = "Request header 'Name: value' (repeatable)", AllowMultipleArgumentsPerToken = false };
        var data = new Option<string?>("--data", "-d") { Description = "Request body, or @FILE to read it from a file" };
        var configOption = ConfigOption.Create();
        var json = new Option<bool>("--json") { Description = "Print status, headers, body and stderr as one JSON object" };
        var verbose = CliConventions.VerboseOption();
        var command = new Command("call", "Run one request through a module without a server and print the response")
        {
            target, path, method, headers, data, configOption, json, verbose,
        };
        command.SetAction(result =>
        {
            var (output, error) = (result.InvocationConfiguration.Output, result.InvocationConfiguration.Error);
            return CliConventions.Guard(error, result.GetValue(verbose), () =>
            {
                var call = BuildRequest(result.GetValue(method), result.GetValue(headers) ?? [], result.GetValue(data), result.GetValue(path)!);
                var config = CliConfig.Load(result.GetValue(configOption), error, out var exit);
                if (config is null) return exit;
                using var runtime = new LocalRuntime(config);
                var answer = LocalCall.Run(runtime, result.GetValue(target)!, call);
                if (result.GetValue(json)) CallAnswerWriter.WriteJson(output, answer);
                else CallAnswerWriter.WriteText(output, error, answer);
                return answer.Failed ? ExitCodes.Failure : ExitCodes.Ok;
            });
        });
        return command;
    }

    private static CallRequest BuildRequest(string? method, string[] headerLines, string? data, string path)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in headerLines)
            headers.Add(CallRequest.ParseHeader(line) ?? throw new CliException($"-H '{line}': expected 'Name: value'", ExitCodes.Usage));
        byte[] body = [];
        if (data is not null && data.StartsWith('@'))
        {
            var file = data[1..];
            try
            {
                body = RegularFile.ReadAllBytes(file);
            }
            catch (FileNotFoundException)
            {
                throw new CliException($"-d @{file}: no such file");
            }
            catch (NotARegularFileException e)
            {
                throw new CliException($"-d @{file}: {ModuleValidator.NotRegular(e)}", inner: e);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"-d @{file}: {e.Message}", inner: e);
            }
        }
        else if (data is not null)
        {
            body = System.Text.Encoding.UTF8.GetBytes(data);
        }
        if (method is { Length: 0 } || method?.Any(c => c <= ' ') == true)
            throw new CliException($"-X '{method}': not an HTTP method", ExitCodes.Usage);
        return new CallRequest(method ?? (data is null ? "GET" : "POST"), path, headers, body);
    }
}
