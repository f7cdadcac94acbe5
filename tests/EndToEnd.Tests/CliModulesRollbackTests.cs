using System.Net;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary><c>mik modules rollback</c> on the published binary against a running mik (store mode, the default).</summary>
public sealed class CliModulesRollbackTests(AdminCliFixture server) : IClassFixture<AdminCliFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rollback_serves_the_previous_version_and_to_a_number_brings_that_one_back()
    {
        var dir = Directory.CreateTempSubdirectory("mik-cli-rollback-").FullName;
        foreach (var guest in new[] { "hello", "echo" }) File.Copy(MikSandbox.GuestPath(guest), Path.Combine(dir, guest + ".wasm"));
        (await server.RunAsync("modules", "deploy", Path.Combine(dir, "hello.wasm"), "--name", "flip")).Ok();
        (await server.RunAsync("modules", "deploy", Path.Combine(dir, "echo.wasm"), "--name", "flip")).Ok();
        Assert.Contains("ping", await RunAsync("flip"));

        var back = Assert.Single((await server.RunAsync("modules", "rollback", "flip")).Ok().JsonLines);
        Assert.True(back.GetProperty("changed").GetBoolean());
        Assert.Equal(1, back.GetProperty("rolled_back_to").GetInt32());
        Assert.Equal("rollback", back.GetProperty("module").GetProperty("source").GetString());
        Assert.Equal("Hello from mik\n", await RunAsync("flip"));

        var two = Assert.Single((await server.RunAsync("modules", "rollback", "flip", "--to", "2")).Ok().JsonLines);
        Assert.Equal(2, two.GetProperty("rolled_back_to").GetInt32());
        Assert.Contains("ping", await RunAsync("flip"));

        // show: the desired version is the fourth deployment; every version's bytes are kept (keep_versions 10).
        var shown = Assert.Single((await server.RunAsync("modules", "show", "flip")).Ok().JsonLines);
        Assert.Equal(4, shown.GetProperty("desired").GetProperty("version").GetInt32());
        Assert.Equal([4, 3, 2, 1], shown.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        var history = (await server.RunAsync("modules", "history", "flip")).Ok().JsonLines;
        Assert.Equal(2, history.Count(e => e.GetProperty("type").GetString() == "module_deployed"
            && e.GetProperty("data").GetProperty("source").GetString() == "rollback"));
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task A_version_not_kept_is_exit_1_saying_so_and_a_malformed_one_exit_2()
    {
        (await server.RunAsync("modules", "deploy", MikSandbox.GuestPath("hello"), "--name", "solo")).Ok();

        Assert.Equal("mik: 404 version not kept: version 9 of 'solo' is not kept (the store keeps the bytes of the last 10 versions, "
            + "[cluster] keep_versions; kept: 1)", (await server.RunAsync("modules", "rollback", "solo", "--to", "9")).SingleErrorLine(1));
        Assert.Equal("mik: 404 version not kept: no earlier version of 'solo' is kept (the store keeps the bytes of the last 10 "
            + "versions, [cluster] keep_versions; kept: 1)", (await server.RunAsync("modules", "rollback", "solo")).SingleErrorLine(1));
        Assert.StartsWith("mik: 400 invalid request: to: must be a version's sha256",
            (await server.RunAsync("modules", "rollback", "solo", "--to", "latest")).SingleErrorLine(2));
        Assert.Equal("mik: no module named 'nope'", (await server.RunAsync("modules", "rollback", "nope")).SingleErrorLine(1));
        Assert.Equal("Hello from mik\n", await RunAsync("solo"));
    }

    private async Task<string> RunAsync(string module)
    {
        using var response = await server.Mik.Runtime.PostAsync($"/run/{module}/", new StringContent("ping"), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }
}
