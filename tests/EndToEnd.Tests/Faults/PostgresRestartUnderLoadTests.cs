using System.Net;
using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.Faults;

/// <summary>
/// PostgreSQL stopped and started again while clients serve, deploy, upload refusals and send wrong keys
/// (docs/reliability.md, Faults under load): serving never fails, deploys are 503 while it is away, and the audit
/// trail ends with every event the clients caused, once.
/// </summary>
public sealed class PostgresRestartUnderLoadTests
{
    private const string Key = "faults-pg-restart-key";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostgreSQL_stopped_and_restarted_under_load_loses_no_event_and_no_request()
    {
        await using var pg = await PrivatePostgres.CreateAsync();
        using var sandbox = new MikSandbox(databaseUrl: pg.ConnectionString, adminToml: "auth_failure_burst = 0");
        sandbox.AddModule("hello");
        sandbox.Environment["MIK_API_KEY"] = Key;
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync(TimeSpan.FromSeconds(120));
        await mik.WaitEventStoreAsync(TimeSpan.FromSeconds(120));

        var phase = "before";
        var served = new ClientTally(() => phase);
        var deploys = new ClientTally(() => phase);
        var refusals = new ClientTally(() => phase);
        var wrongKeys = new ClientTally(() => phase);
        using var stop = new CancellationTokenSource();
        var clients = new[]
        {
            ServeAsync(mik, served, stop.Token), ServeAsync(mik, served, stop.Token),
            DeployAsync(mik, deploys, stop.Token), RefuseAsync(mik, refusals, stop.Token), WrongKeyAsync(mik, wrongKeys, stop.Token),
        };

        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        await pg.StopAsync();
        phase = "away";
        await FaultStore.EventuallyAsync(() => Task.FromResult(deploys.Answers.Any(a => a.Phase == "away" && a.Status == HttpStatusCode.ServiceUnavailable)),
            "a deploy refused with 503 while PostgreSQL is away", TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        await pg.StartAsync();
        phase = "back";
        await FaultStore.EventuallyAsync(() => Task.FromResult(deploys.Answers.Any(a => a.Phase == "back" && IsDeployed(a.Status))),
            "a deploy to succeed once PostgreSQL is back", TimeSpan.FromSeconds(90));
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        Assert.All(served.Answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.True(served.CountIn("away") >= 10, $"only {served.CountIn("away")} requests were served while PostgreSQL was away");
        Assert.All(deploys.Answers, a => Assert.True(IsDeployed(a.Status) || a.Status == HttpStatusCode.ServiceUnavailable, $"deploy answered {a}"));
        Assert.True(IsDeployed(deploys.Answers[^1].Status), "the last deploy, with PostgreSQL back, did not succeed");
        Assert.All(refusals.Answers, a => Assert.Equal(HttpStatusCode.UnprocessableEntity, a.Status));
        Assert.All(wrongKeys.Answers, a => Assert.Equal(HttpStatusCode.Forbidden, a.Status));

        // Every deployment a client was told about is in the trail, once; every refusal and wrong key, exactly.
        var acknowledged = deploys.Answers.Where(a => IsDeployed(a.Status)).Select(a => a.Detail).ToList();
        List<(Guid Id, string Stream, string Data)> deployed = [], rejected = [], authFailed = [];
        await FaultStore.EventuallyAsync(async () =>
        {
            deployed = [.. (await FaultStore.EventsAsync(pg.ConnectionString, sandbox.Schema, "module_deployed")).Where(e => e.Stream == "module:flip")];
            rejected = await FaultStore.EventsAsync(pg.ConnectionString, sandbox.Schema, "module_rejected");
            authFailed = await FaultStore.EventsAsync(pg.ConnectionString, sandbox.Schema, "auth_failed");
            return rejected.Count >= refusals.Answers.Count && authFailed.Count >= wrongKeys.Answers.Count
                && acknowledged.All(v => deployed.Any(e => VersionOf(e.Data) == v));
        }, "every acknowledged deployment, refusal and wrong key in the audit trail", TimeSpan.FromSeconds(90));
        Assert.Equal(refusals.Answers.Count, rejected.Count);
        Assert.Equal(wrongKeys.Answers.Count, authFailed.Count);
        foreach (var events in new[] { deployed, rejected, authFailed })
            Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        Assert.Equal(deployed.Count, deployed.Select(e => VersionOf(e.Data)).Distinct().Count());
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"served {served.Answers.Count} requests ({served.CountIn("away")} while PostgreSQL was away), all 200; "
            + $"deploys: {acknowledged.Count} acknowledged, {deploys.Count(HttpStatusCode.ServiceUnavailable)} refused with 503, {deployed.Count} in the trail; "
            + $"refusals {refusals.Answers.Count} = {rejected.Count} stored; wrong keys {wrongKeys.Answers.Count} = {authFailed.Count} stored; events lost 0");
    }

    private static bool IsDeployed(HttpStatusCode status) => status is HttpStatusCode.OK or HttpStatusCode.Created;

    private static string VersionOf(string data) => JsonDocument.Parse(data).RootElement.GetProperty("version").GetRawText();

    private static async Task ServeAsync(MikProcess mik, ClientTally tally, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            using var response = await mik.Runtime.GetAsync("/run/hello/", Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            tally.Add(body == "Hello from mik\n" ? response.StatusCode : HttpStatusCode.InternalServerError, body);
        }
    }

    /// <summary>hello and echo in turn to <c>flip</c>, so each accepted deploy is a new version; Detail: its version.</summary>
    private static async Task DeployAsync(MikProcess mik, ClientTally tally, CancellationToken stop)
    {
        byte[][] guests = [File.ReadAllBytes(MikSandbox.GuestPath("hello")), File.ReadAllBytes(MikSandbox.GuestPath("echo"))];
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, "/modules/flip") { Content = new ByteArrayContent(guests[n % 2]) };
            request.Headers.Add("X-API-Key", Key);
            using var response = await mik.Admin.SendAsync(request, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            if (IsDeployed(response.StatusCode))
            {
                using var json = JsonDocument.Parse(body);
                Assert.True(json.RootElement.GetProperty("changed").GetBoolean(), body);
                tally.Add(response.StatusCode, json.RootElement.GetProperty("version").GetRawText());
            }
            else
            {
                tally.Add(response.StatusCode, body);
                // A 503 bytes the same as the next attempt's: keep alternating only after a success.
                n--;
            }
            await Task.Delay(100, Ct);
        }
    }

    private static async Task RefuseAsync(MikProcess mik, ClientTally tally, CancellationToken stop)
    {
        // Refused at the first check (not WebAssembly), before anything needs PostgreSQL: 422 whether it is there or not.
        var garbage = "not WebAssembly"u8.ToArray();
        while (!stop.IsCancellationRequested)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, "/modules/flip-bad") { Content = new ByteArrayContent(garbage) };
            request.Headers.Add("X-API-Key", Key);
            using var response = await mik.Admin.SendAsync(request, Ct);
            tally.Add(response.StatusCode);
            await Task.Delay(100, Ct);
        }
    }

    private static async Task WrongKeyAsync(MikProcess mik, ClientTally tally, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/modules");
            request.Headers.Add("X-API-Key", "wrong-" + n);
            using var response = await mik.Admin.SendAsync(request, Ct);
            tally.Add(response.StatusCode);
            await Task.Delay(20, Ct);
        }
    }
}
