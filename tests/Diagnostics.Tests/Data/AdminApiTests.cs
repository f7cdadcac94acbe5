using System.Net;
using System.Net.Sockets;
using Mik.Durable.Diagnostics.Collecting;
using Mik.Durable.Diagnostics.Data.Store;
using static Mik.Durable.Diagnostics.Tests.Data.DataTestSupport;

namespace Mik.Durable.Diagnostics.Tests.Data;

/// <summary>
/// The live collectors against an admin listener that answers as mik does while its PostgreSQL is away: /health
/// answers, the store-backed routes say 503. (The real server is run by the E2E tests; this pins the reaction.)
/// </summary>
public sealed class AdminApiTests
{
    [Fact]
    public async Task A_running_mik_whose_store_is_away_makes_audit_and_instances_skipped_saying_so_and_sends_the_key()
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var keys = new List<string?>();
        var serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext request;
                try
                {
                    request = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                lock (keys) keys.Add(request.Request.Headers["X-API-Key"]);
                request.Response.StatusCode = request.Request.Url!.AbsolutePath == "/health" ? 200 : 503;
                request.Response.Close();
            }
        }, Ct);
        var config = Config(TempDir());
        config.Admin.Port = port;
        var context = Context(config) with { ApiKey = "canary-key" };

        var evidence = await CollectorRunner.RunAsync([new AuditCollector(), new InstancesCollector()], context, cancellationToken: Ct);
        listener.Stop();
        await serving;

        foreach (var name in new[] { "audit", "instances" })
        {
            var status = evidence.Collector(name)!;
            Assert.Equal(CollectorStatus.Skipped, status.Status);
            Assert.Contains("event store (PostgreSQL) is unreachable", status.Reason, StringComparison.Ordinal);
            Assert.DoesNotContain("canary", status.Reason, StringComparison.Ordinal);
        }
        Assert.All(keys, k => Assert.Equal("canary-key", k));
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
