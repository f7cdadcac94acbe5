using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Mik.Durable.Api.AuditRecording;
using Mik.Durable.Api.Tests.Support;
using Mik.Durable.Domain.AuthFailures;
using Mik.Durable.Domain.Breakers;

namespace Mik.Durable.Api.Tests.Admin;

public sealed class QueryAuditTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_audit_route_filters_and_pages_newest_first()
    {
        await using var mik = await InProcessMik.StartAsync();
        var store = mik.App.Services.GetRequiredService<IDocumentStore>();
        await mik.EventStoreReadyAsync();
        var now = DateTimeOffset.UtcNow;
        await new AuditStore(store).AppendAsync(
        [
            AuditRecord.New(new CircuitOpened("trap", now.AddHours(-3), 5, "handler_trap")),
            AuditRecord.New(new AuthFailed(now.AddMinutes(-30), AuthFailureReasons.InvalidKey, "10.1.1.1", "GET", "/instances", "curl")),
            AuditRecord.New(new CircuitClosed("trap", now.AddMinutes(-10), 1000)),
        ], skipExisting: false, Ct);

        // The host records events of its own (instance_started); these types are the test's.
        const string Types3 = "type=CircuitOpened,circuit_closed,AuthFailed";
        using var all = await mik.Admin.GetFromJsonAsync<JsonDocument>("/audit?" + Types3, Ct);
        Assert.Equal(["circuit_closed", "auth_failed", "circuit_opened"], Types(all!));

        using var recent = await mik.Admin.GetFromJsonAsync<JsonDocument>("/audit?since=1h&" + Types3, Ct);
        Assert.Equal(["circuit_closed", "auth_failed"], Types(recent!));

        using var auth = await mik.Admin.GetFromJsonAsync<JsonDocument>("/audit?type=AuthFailed", Ct);
        var failure = Assert.Single(auth!.RootElement.GetProperty("events").EnumerateArray());
        Assert.Equal("10.1.1.1", failure.GetProperty("data").GetProperty("remote_ip").GetString());

        using var trap = await mik.Admin.GetFromJsonAsync<JsonDocument>("/audit?module=trap&limit=1", Ct);
        Assert.Equal(["circuit_closed"], Types(trap!));
        var next = trap!.RootElement.GetProperty("next").GetString();
        using var page2 = await mik.Admin.GetFromJsonAsync<JsonDocument>($"/audit?module=trap&limit=1&after={next}", Ct);
        Assert.Equal(["circuit_opened"], Types(page2!));
    }

    [Fact]
    public async Task The_audit_route_is_not_served_on_the_runtime_listener()
    {
        await using var mik = await InProcessMik.StartAsync();
        using var response = await mik.Runtime.GetAsync("/audit", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static string[] Types(JsonDocument page) =>
        [.. page.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()!)];
}
