using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Mik.Durable.EndToEnd.Tests.Support;

/// <summary>Reading a cluster: <c>GET /instances</c> of one process, and the shared schema in PostgreSQL.</summary>
internal static class InstancesApi
{
    public static async Task<string> IdAsync(MikProcess mik) =>
        (await mik.Admin.GetFromJsonAsync<JsonElement>("/health")).GetProperty("instance_id").GetString()!;

    public static async Task<List<JsonElement>> ListAsync(MikProcess mik) =>
        [.. (await mik.Admin.GetFromJsonAsync<JsonElement>("/instances")).EnumerateArray()];

    /// <summary>Empty while the answer is 503 (PostgreSQL not ready, e.g. a first start still creating the schema).</summary>
    private static async Task<List<JsonElement>> TryListAsync(MikProcess mik)
    {
        using var response = await mik.Admin.GetAsync("/instances");
        if (response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable) return [];
        response.EnsureSuccessStatusCode();
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()];
    }

    /// <summary>Polls <paramref name="mik"/>'s <c>GET /instances</c> until <paramref name="condition"/> holds.</summary>
    public static async Task<List<JsonElement>> WaitForAsync(MikProcess mik, Func<List<JsonElement>, bool> condition, string what, int seconds = 45)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var list = await TryListAsync(mik);
        while (!condition(list))
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"timed out waiting for {what}; GET /instances: {JsonSerializer.Serialize(list)}");
            await Task.Delay(200);
            list = await TryListAsync(mik);
        }
        return list;
    }

    public static JsonElement? Find(this List<JsonElement> list, string id) =>
        list.FirstOrDefault(i => i.GetProperty("id").GetString() == id) is { ValueKind: JsonValueKind.Object } found ? found : null;

    public static string? StatusOf(this List<JsonElement> list, string id) => list.Find(id)?.GetProperty("status").GetString();

    /// <summary>Running, and already projected (its InstanceStarted fields are there, not only its heartbeat).</summary>
    public static bool IsRunning(this List<JsonElement> list, string id) =>
        list.Find(id) is { } i && i.GetProperty("status").GetString() == "running" && i.GetProperty("pid").ValueKind == JsonValueKind.Number;

    public static List<string> ProjectionRunners(this List<JsonElement> list) =>
        [.. list.Where(i => i.GetProperty("runs_projections").GetBoolean()).Select(i => i.GetProperty("id").GetString()!)];

    /// <summary>The first column of every row of <paramref name="sql"/> against the test database.</summary>
    public static async Task<List<string>> QueryAsync(string sql)
    {
        await using var db = new NpgsqlConnection(MikSandbox.TestDatabaseUrl);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return rows;
    }
}
