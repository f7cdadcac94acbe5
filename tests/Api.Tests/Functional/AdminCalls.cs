using System.Net;
using System.Text.Json;

namespace Mik.Durable.Api.Tests.Functional;

/// <summary>What the functional tests ask of the admin API and check of its answers.</summary>
internal static class AdminCalls
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {response.StatusCode}, expected {(int)expected}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> GetJsonAsync(HttpClient admin, string path) =>
        await JsonAsync(await admin.GetAsync(path, Ct), HttpStatusCode.OK);

    /// <summary>An RFC 7807 answer with <paramref name="status"/>; for a 400, <paramref name="parameter"/> is among its errors.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? parameter = null)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {response.StatusCode}, expected {(int)status}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        if (parameter is not null) Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), body);
        return problem;
    }

    /// <summary>
    /// The events <c>GET /audit?{query}</c> returns once there are at least <paramref name="count"/> (events recorded
    /// through the audit queue reach the store within a second or so; admin actions are there at once).
    /// </summary>
    public static async Task<JsonElement[]> EventsAsync(HttpClient admin, string query, int count = 1, Func<JsonElement, bool>? where = null)
    {
        for (var waited = 0; ; waited += 100)
        {
            var page = await GetJsonAsync(admin, "/audit?" + query);
            var events = page.GetProperty("events").EnumerateArray().Where(where ?? (_ => true)).ToArray();
            if (events.Length >= count || waited > 20_000) return events;
            await Task.Delay(100, Ct);
        }
    }

    public static string? Data(JsonElement auditEvent, string field) => auditEvent.GetProperty("data").GetProperty(field).GetString();

    public static string[] Types(IEnumerable<JsonElement> events) => [.. events.Select(e => e.GetProperty("type").GetString()!)];
}
