using System.Net;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.Cluster;

/// <summary>
/// Two <c>mik serve</c> sandboxes on one database and schema (one cluster), each with its own state dir and modules
/// folder, following the store every second.
/// </summary>
internal sealed class SharedSchemaSandboxes : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public SharedSchemaSandboxes(string? databaseUrl = null, string cluster = "catch_up_secs = 1")
    {
        var schema = MikSandbox.NewSchema();
        A = new MikSandbox($"[cluster]\n{cluster}", databaseUrl: databaseUrl, schema: schema);
        B = new MikSandbox($"[cluster]\n{cluster}", databaseUrl: databaseUrl, schema: schema);
    }

    public MikSandbox A { get; }
    public MikSandbox B { get; }

    public static byte[] Guest(string guest) => File.ReadAllBytes(MikSandbox.GuestPath(guest));

    public static async Task<HttpResponseMessage> DeployAsync(MikProcess mik, string module, byte[] wasm) =>
        await mik.Admin.PutAsync("/modules/" + module, new ByteArrayContent(wasm), Ct);

    /// <summary>The answer of <c>/run/&lt;module&gt;/</c>: status and body.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> RunAsync(MikProcess mik, string module)
    {
        using var response = await mik.Runtime.GetAsync($"/run/{module}/", Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>Polls until <paramref name="done"/> holds for the module's answer, or fails after <paramref name="timeout"/>.</summary>
    public static async Task WaitForAnswerAsync(
        MikProcess mik, string module, Func<(HttpStatusCode Status, string Body), bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        (HttpStatusCode, string) last = default;
        while (DateTime.UtcNow < deadline)
        {
            last = await RunAsync(mik, module);
            if (done(last)) return;
            await Task.Delay(50, Ct);
        }
        Assert.Fail($"timed out waiting for {what}; last answer {last}");
    }

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
    }
}
