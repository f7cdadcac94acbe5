using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Mik.Durable.Api.Tests.Support;
using Mik.Durable.Domain.Breakers;

namespace Mik.Durable.Api.Tests.Admin;

public sealed class CircuitsTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly string _modules = Directory.CreateTempSubdirectory("mik-modules-").FullName;

    public CircuitsTests() =>
        File.Copy(Path.Combine(AppContext.BaseDirectory, "guests", "trap.wasm"), Path.Combine(_modules, "trap.wasm"));

    public void Dispose() => Directory.Delete(_modules, recursive: true);

    [Fact]
    public async Task An_open_circuit_is_listed_and_a_reset_closes_it_after_committing_CircuitReset()
    {
        await using var mik = await InProcessMik.StartAsync(c =>
        {
            c.Server.Modules = _modules;
            c.Breaker.FailureThreshold = 2;
        });
        await mik.EventStoreReadyAsync();
        for (var i = 0; i < 2; i++) (await mik.Runtime.GetAsync("/run/trap/", Ct)).Dispose();

        using var circuits = await mik.Admin.GetFromJsonAsync<JsonDocument>("/circuits", Ct);
        var trap = Assert.Single(circuits!.RootElement.EnumerateArray());
        Assert.Equal("open", trap.GetProperty("state").GetString());
        Assert.True(trap.GetProperty("retry_after_s").GetInt32() > 0);

        using var reset = await mik.Admin.PostAsync("/circuits/trap/reset", null, Ct);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        using var after = JsonDocument.Parse(await reset.Content.ReadAsStringAsync(Ct));
        Assert.Equal("closed", after.RootElement.GetProperty("state").GetString());

        // The opening went through the audit queue and writer; the reset was committed by the admin action itself.
        var store = mik.App.Services.GetRequiredService<IDocumentStore>();
        IReadOnlyList<JasperFx.Events.IEvent> events = [];
        for (var waited = 0; !events.Any(e => e.Data is CircuitOpened); waited += 100)
        {
            if (waited > 20_000) Assert.Fail("no circuit_opened row in the store");
            await Task.Delay(100, Ct);
            await using var session = store.QuerySession();
            events = await session.Events.FetchStreamAsync("breaker:trap", token: Ct);
        }
        var opened = (CircuitOpened)events.First(e => e.Data is CircuitOpened).Data;
        Assert.Equal((2, "handler_trap"), (opened.ConsecutiveFailures, opened.LastError));
        var recorded = Assert.IsType<CircuitReset>(events.Last(e => e.Data is CircuitReset).Data);
        Assert.StartsWith("api@127.0.0.1", recorded.Actor);
    }

    [Theory]
    [InlineData("/circuits/nope/reset", HttpStatusCode.NotFound)]
    [InlineData("/circuits/Bad..Name/reset", HttpStatusCode.BadRequest)]
    public async Task Resetting_an_unknown_or_invalid_module_is_refused(string path, HttpStatusCode expected)
    {
        await using var mik = await InProcessMik.StartAsync(c => c.Server.Modules = _modules);
        using var response = await mik.Admin.PostAsync(path, null, Ct);
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
