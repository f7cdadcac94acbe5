using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Mik.Durable.EndToEnd.Tests.Support;

/// <summary>
/// Two <c>mik serve</c> processes, A and B, with separate state and modules folders on one schema of the test
/// PostgreSQL (one cluster in store mode, catch-up every second), and what the convergence tests do with them.
/// </summary>
internal sealed class ClusterPair : IAsyncDisposable
{
    public const string ApiKey = "e2e-cluster-key";
    private const string Cluster = "[cluster]\ncatch_up_secs = 1\n";

    private ClusterPair(string extraTomlB)
    {
        var schema = MikSandbox.NewSchema();
        SandboxA = new MikSandbox(Cluster, schema: schema);
        SandboxB = new MikSandbox(Cluster + extraTomlB, schema: schema);
        SandboxA.Environment["MIK_API_KEY"] = ApiKey;
        SandboxB.Environment["MIK_API_KEY"] = ApiKey;
    }

    public MikSandbox SandboxA { get; }
    public MikSandbox SandboxB { get; }
    public MikProcess A { get; private set; } = null!;
    public MikProcess B { get; private set; } = null!;
    public string Schema => SandboxA.Schema;

    /// <param name="extraTomlB">Configuration of B only (e.g. a <c>[modules.x]</c> table).</param>
    public static async Task<ClusterPair> StartAsync(string extraTomlB = "")
    {
        var pair = new ClusterPair(extraTomlB);
        try
        {
            await pair.StartAsync(pair.SandboxA);
            await pair.StartAsync(pair.SandboxB);
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops B with SIGTERM and waits for it to exit.</summary>
    public async Task StopBAsync()
    {
        B.Signal(MikProcess.Sigterm);
        Assert.Equal(0, await B.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        await B.DisposeAsync();
        B = null!;
    }

    /// <summary>Starts B again on its own state and modules folder and waits until it reports ready.</summary>
    public Task RestartBAsync() => StartAsync(SandboxB);

    private async Task<MikProcess> StartAsync(MikSandbox sandbox)
    {
        var mik = MikProcess.Start(sandbox);
        if (sandbox == SandboxA) A = mik;
        else B = mik;
        mik.Admin.DefaultRequestHeaders.Add("X-API-Key", ApiKey);
        await mik.WaitReadyAsync(TimeSpan.FromSeconds(90));
        return mik;
    }

    /// <summary><c>PUT /modules/{name}</c> with the bytes of test guest <paramref name="guest"/>.</summary>
    public static async Task<HttpStatusCode> DeployAsync(MikProcess mik, string name, string guest)
    {
        using var response = await mik.Admin.PutAsync("/modules/" + name,
            new ByteArrayContent(await File.ReadAllBytesAsync(MikSandbox.GuestPath(guest))));
        return response.StatusCode;
    }

    public static string Sha256Of(string guest) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(MikSandbox.GuestPath(guest))));

    /// <summary>Polls <paramref name="path"/> until it answers <paramref name="status"/> (with <paramref name="body"/>); the time it took.</summary>
    public static async Task<TimeSpan> WaitForAnswerAsync(MikProcess mik, string path, HttpStatusCode status, string? body = null, int seconds = 60)
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            using var response = await mik.Runtime.GetAsync(path);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == status && (body is null || text == body)) return clock.Elapsed;
            last = $"{(int)response.StatusCode} {text}";
            await Task.Delay(10);
        }
        Assert.Fail($"{path} never answered {(int)status} {body}; last: {last}");
        return clock.Elapsed;
    }

    /// <summary>Polls <c>GET /audit?type=</c> until an event of <paramref name="type"/> whose data matches <paramref name="match"/> is there.</summary>
    public static async Task<JsonElement> WaitForAuditAsync(MikProcess mik, string type, Func<JsonElement, bool> match, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await mik.Admin.GetAsync("/audit?type=" + type);
            last = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode)
            {
                using var page = JsonDocument.Parse(last);
                foreach (var e in page.RootElement.GetProperty("events").EnumerateArray())
                    if (match(e.GetProperty("data"))) return e.GetProperty("data").Clone();
            }
            await Task.Delay(200);
        }
        Assert.Fail($"no {type} event as expected; GET /audit: {last}");
        return default;
    }

    /// <summary>The data of every event of <paramref name="type"/> in <c>GET /audit</c> (one page of up to 1000).</summary>
    public static async Task<List<JsonElement>> AuditDataAsync(MikProcess mik, string type)
    {
        using var page = JsonDocument.Parse(await mik.Admin.GetStringAsync($"/audit?type={type}&limit=1000"));
        return [.. page.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("data").Clone())];
    }

    public async ValueTask DisposeAsync()
    {
        if (A is not null) await A.DisposeAsync();
        if (B is not null) await B.DisposeAsync();
        SandboxA.Dispose();
        SandboxB.Dispose();
    }
}
