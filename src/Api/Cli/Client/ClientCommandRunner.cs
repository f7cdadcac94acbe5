using System.CommandLine;

namespace Mik.Durable.Api.Cli.Client;

/// <summary>
/// What every admin API command shares: where the API is, the key, the output style, and failures as one line on
/// stderr starting <c>mik: </c> with exit 1 (2 for usage), the stack trace only with <c>--verbose</c>.
/// </summary>
internal static class ClientCommandRunner
{
    public static async Task<int> RunAsync(ParseResult result, ClientOptions options,
        Func<AdminClient, CliOutput, CancellationToken, Task<int>> work, CancellationToken cancellationToken)
    {
        var error = result.InvocationConfiguration.Error;
        try
        {
            var baseUri = AdminEndpoint.Resolve(result.GetValue(options.AdminUrl), result.GetValue(options.Config));
            using var client = new AdminClient(baseUri, Environment.GetEnvironmentVariable(AdminClient.KeyVariable));
            var output = CliOutput.For(result.InvocationConfiguration.Output, CliConventions.WantsJson(result, options.Json));
            return await work(client, output, cancellationToken);
        }
        catch (Exception e) when (ConfigError.Is(e))
        {
            return await ConfigError.WriteAsync(error, e);
        }
        catch (CliException e)
        {
            await error.WriteLineAsync("mik: " + e.Message);
            return e.ExitCode;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var verbose = result.GetValue(options.Verbose);
            await error.WriteLineAsync("mik: unexpected error: " + e.Message.ReplaceLineEndings(" ") + (verbose ? "" : " (--verbose shows where)"));
            if (verbose) await error.WriteLineAsync(e.ToString());
            return ExitCodes.Failure;
        }
    }
}
