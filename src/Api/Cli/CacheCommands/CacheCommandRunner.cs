using System.CommandLine;
using System.Net.Sockets;
using Mik.Durable.Api.Cli.Client;

namespace Mik.Durable.Api.Cli.CacheCommands;

/// <summary>
/// Runs a cache command through the admin API when something listens there, else (a refused connection to a
/// loopback address: mik is stopped on this machine) on the files themselves under the state dir lock.
/// </summary>
internal static class CacheCommandRunner
{
    public static Task<int> RunAsync(ParseResult result, ClientOptions options,
        Func<AdminClient, CliOutput, CancellationToken, Task<int>> online,
        Func<OfflineCache, CliOutput, CancellationToken, Task<int>> offline, CancellationToken cancellationToken) =>
        ClientCommandRunner.RunAsync(result, options, async (client, output, ct) =>
        {
            var configPath = result.GetValue(options.Config);
            var admin = AdminEndpoint.Resolve(result.GetValue(options.AdminUrl), configPath);
            // A remote address that refuses is a remote mik that is down: its files are not ours to touch.
            if (!admin.IsLoopback || !await RefusedAsync(admin, ct)) return await online(client, output, ct);
            using var cache = OfflineCache.Open(configPath, AdminEndpoint.Describe(admin));
            return await offline(cache, output, ct);
        }, cancellationToken);

    private static async Task<bool> RefusedAsync(Uri admin, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient(admin.HostNameType == UriHostNameType.IPv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await tcp.ConnectAsync(admin.DnsSafeHost, admin.Port, timeout.Token);
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return true;
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Not a plain refusal: the admin client says what it is.
            return false;
        }
    }
}
