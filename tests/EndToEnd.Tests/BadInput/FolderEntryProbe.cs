using System.Net;
using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.BadInput;

/// <summary>
/// A filesystem row on the shared server: something odd named <c>&lt;name&gt;.wasm</c> appears in the modules folder;
/// requests to it get the row's answer, the admin API's <c>problem</c> says what it is, and the server keeps serving
/// and deploying (a FIFO once hung every scan and, through it, every deployment).
/// </summary>
internal static class FolderEntryProbe
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <param name="make">Puts the entry at the path it is given; what it returns is disposed after the row.</param>
    /// <param name="problem">What <c>GET /modules/{name}</c>'s <c>problem</c> must hold; null for a module that runs.</param>
    public static async Task RunAsync(FolderServerFixture server, BadInputCase row, string name,
        Func<string, Task<IDisposable?>> make, string? problem)
    {
        var mik = await server.StartedAsync();
        using var made = await make(Path.Combine(server.Sandbox.ModulesDirectory, name + ".wasm"));
        var expected = (HttpStatusCode)int.Parse(row.Expected, System.Globalization.CultureInfo.InvariantCulture);

        var body = await AnswerAsync(mik, name, expected);
        Assert.Contains(row.Error, body);
        using (var module = JsonDocument.Parse(await mik.Admin.GetStringAsync($"/modules/{name}", Ct)))
        {
            var text = module.RootElement.TryGetProperty("problem", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            if (problem is null) Assert.Null(text);
            else Assert.Contains(problem, text);
        }
        // The rest of the server goes on: a normal module still runs, and a deployment still goes through.
        using (var hello = await mik.Runtime.GetAsync("/run/hello/", Ct))
            Assert.Equal(HttpStatusCode.OK, hello.StatusCode);
        var deployed = "after-" + name;
        using (var put = await mik.Admin.PutAsync($"/modules/{deployed}", new ByteArrayContent(await File.ReadAllBytesAsync(MikSandbox.GuestPath("hello"), Ct)), Ct))
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        using (var delete = await mik.Admin.DeleteAsync($"/modules/{deployed}", Ct))
            Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
    }

    /// <summary>The body of <c>/run/{name}/</c> once it answers <paramref name="expected"/> (a new file settles over two scans).</summary>
    private static async Task<string> AnswerAsync(MikProcess mik, string name, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            // The client gives up after 30 s: an answer at all is the evidence that nothing hangs.
            using var response = await mik.Runtime.GetAsync($"/run/{name}/", Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            if (response.StatusCode == expected) return body;
            Assert.True(DateTime.UtcNow < deadline, $"/run/{name}/ answered {(int)response.StatusCode} for 60 s, not {(int)expected}: {body}");
            await Task.Delay(100, Ct);
        }
    }
}
