using System.Globalization;
using System.Text.RegularExpressions;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Api.Hosting;
using Mik.Durable.Api.Tests.Support;
using Npgsql;

namespace Mik.Durable.Api.Tests.Auth;

/// <summary>An in-process mik with an API key, a test-only admin route and its log lines captured.</summary>
internal sealed partial class AuthHost : IAsyncDisposable
{
    /// <summary>
    /// The auth tests run one at a time: <c>mik_auth_failures_total</c> lives in the process-wide Prometheus registry,
    /// so the tests compare it before and after, which only works while no other test moves it.
    /// </summary>
    public const string Collection = "auth-failure-counter";

    public const string AdminRoute = "/test/admin";

    private AuthHost(InProcessMik mik, CapturedLog log)
    {
        Mik = mik;
        Log = log;
    }

    public InProcessMik Mik { get; }
    public CapturedLog Log { get; }

    public static async Task<AuthHost> StartAsync(string? apiKey)
    {
        var log = new CapturedLog();
        var mik = await InProcessMik.StartAsync(
            c => c.Admin.ApiKey = apiKey ?? "",
            app =>
            {
                app.MapGet(AdminRoute, () => "admin ok").WithMetadata(new ListenerMetadata(Listener.Admin));
                app.MapGet("/test/runtime", () => "runtime ok").WithMetadata(new ListenerMetadata(Listener.Runtime));
            },
            log.Logger);
        return new AuthHost(mik, log);
    }

    public Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string? key, string? userAgent = null, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        if (key is not null) request.Headers.TryAddWithoutValidation("X-API-Key", key);
        if (userAgent is not null) request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>The value of <c>mik_auth_failures_total{reason}</c> on the admin listener's <c>/metrics</c>.</summary>
    public async Task<double> FailuresAsync(string reason)
    {
        var text = await Mik.Admin.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        var match = FailuresLine().Matches(text).FirstOrDefault(m => m.Groups[1].Value == reason);
        return match is null ? double.NaN : double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Every event of the host's schema as (type, stream, data JSON), once the writer has stored <paramref name="count"/>.</summary>
    public async Task<List<(string Type, string Stream, string Data)>> StoredEventsAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<(string, string, string)> events = [];
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                events = await ReadEventsAsync();
                if (events.Count(e => e.Item1 == "auth_failed") >= count) return events;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                // mik has not created its schema yet.
            }
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        Assert.Fail($"expected {count} auth_failed events in the store, found {events.Count}");
        return events;
    }

    /// <summary>Typed read of the stored <c>AuthFailed</c> events through Marten, in the order they were appended.</summary>
    public async Task<List<Domain.AuthFailures.AuthFailed>> StoredFailuresAsync()
    {
        await using var store = new DocumentStore(MikStoreOptions.Create(Mik.Config.Database.Url, Mik.Config.Database.Schema));
        await using var session = store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().Where(e => e.EventTypeName == "auth_failed")
            .OrderBy(e => e.Sequence).ToListAsync(TestContext.Current.CancellationToken);
        return [.. events.Select(e => (Domain.AuthFailures.AuthFailed)e.Data)];
    }

    private async Task<List<(string, string, string)>> ReadEventsAsync()
    {
        await using var db = new NpgsqlConnection(Mik.Config.Database.Url);
        await db.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(
            $"select type, stream_id, data::text from {Mik.Config.Database.Schema}.mt_events order by seq_id", db);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var events = new List<(string, string, string)>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            events.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        return events;
    }

    public ValueTask DisposeAsync() => Mik.DisposeAsync();

    [GeneratedRegex("""^mik_auth_failures_total\{reason="([a-z_]+)"\} (\S+)$""", RegexOptions.Multiline)]
    private static partial Regex FailuresLine();
}
