using System.Net;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary><c>mik modules list|show|deploy|rm|history</c> on the published binary against a running mik.</summary>
public sealed class CliModulesTests(AdminCliFixture server) : IClassFixture<AdminCliFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task List_prints_one_JSON_line_per_module_when_piped_and_with_json()
    {
        foreach (var args in new[] { new[] { "modules", "list" }, ["modules", "list", "--json"] })
        {
            var run = (await server.RunAsync(args)).Ok();
            var hello = Assert.Single(run.JsonLines, m => m.GetProperty("name").GetString() == "hello");
            Assert.Equal(64, hello.GetProperty("sha256").GetString()!.Length);
            Assert.Equal("closed", hello.GetProperty("breaker").GetString());
            Assert.True(hello.GetProperty("size_bytes").GetInt64() > 0);
            Assert.True(hello.GetProperty("cache").TryGetProperty("aot", out _));
        }
    }

    [Fact]
    public async Task Show_prints_the_module_and_an_unknown_one_is_exit_1_naming_it()
    {
        var shown = Assert.Single((await server.RunAsync("modules", "show", "hello")).Ok().JsonLines);
        Assert.Equal("hello", shown.GetProperty("name").GetString());

        Assert.Equal("mik: no module named 'nope'", (await server.RunAsync("modules", "show", "nope")).SingleErrorLine(1));
    }

    [Fact]
    public async Task Deploy_serves_the_file_under_its_name_and_rm_removes_it_with_the_reason_in_its_history()
    {
        var dir = Directory.CreateTempSubdirectory("mik-cli-").FullName;
        var file = Path.Combine(dir, "greet.wasm");
        File.Copy(MikSandbox.GuestPath("hello"), file);

        var deployed = Assert.Single((await server.RunAsync("modules", "deploy", file)).Ok().JsonLines);
        Assert.Equal("greet", deployed.GetProperty("module").GetProperty("name").GetString());
        Assert.True(deployed.GetProperty("changed").GetBoolean());
        using (var response = await server.Mik.Runtime.GetAsync("/run/greet/", Ct)) Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var again = Assert.Single((await server.RunAsync("modules", "deploy", file, "--name", "greet2")).Ok().JsonLines);
        Assert.Equal("greet2", again.GetProperty("module").GetProperty("name").GetString());
        using (var response = await server.Mik.Runtime.GetAsync("/run/greet2/", Ct)) Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var removed = Assert.Single((await server.RunAsync("modules", "rm", "greet", "--reason", "replaced by greet2")).Ok().JsonLines);
        Assert.True(removed.GetProperty("removed").GetBoolean());
        Assert.Equal("mik: no module named 'greet'", (await server.RunAsync("modules", "show", "greet")).SingleErrorLine(1));
        Assert.Equal("mik: no module named 'gone'", (await server.RunAsync("modules", "rm", "gone")).SingleErrorLine(1));

        var history = (await server.RunAsync("modules", "history", "greet")).Ok().JsonLines;
        var removal = Assert.Single(history, e => e.GetProperty("type").GetString() == "module_removed");
        Assert.Equal("replaced by greet2", removal.GetProperty("data").GetProperty("reason").GetString());
        Assert.Contains(history, e => e.GetProperty("type").GetString() == "module_deployed");
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task History_reads_every_page_of_a_long_history()
    {
        // More events than one page of the command (500): 501 resets plus the deployment and its compilation.
        for (var i = 0; i < 501; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/circuits/hello/reset");
            request.Headers.Add("X-API-Key", AdminCliFixture.Key);
            using var response = await server.Mik.Admin.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var history = (await server.RunAsync("modules", "history", "hello")).Ok().JsonLines;
        Assert.True(history.Count(e => e.GetProperty("type").GetString() == "circuit_reset") >= 501);
        Assert.Contains(history, e => e.GetProperty("type").GetString() == "module_deployed");
        Assert.Equal(history.Count, history.Select(e => e.GetProperty("id").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task History_of_a_module_that_never_had_one_is_exit_1_naming_it()
    {
        Assert.Equal("mik: no module named 'never'", (await server.RunAsync("modules", "history", "never")).SingleErrorLine(1));
    }

    [Fact]
    public async Task Deploy_refuses_a_folder_and_a_missing_file_before_any_request_and_shows_why_the_server_refused_a_text_file()
    {
        var dir = Directory.CreateTempSubdirectory("mik-cli-").FullName;
        // --admin-url points at nothing: the file's problem must come first.
        var nowhere = $"http://127.0.0.1:{Ports.Free()}";
        Assert.Equal($"mik: {dir} is a folder, not a module: name the .wasm file",
            (await AdminCli.RunAsync(AdminCliFixture.Key, dir, "modules", "deploy", dir, "--admin-url", nowhere)).SingleErrorLine(1));
        var missing = Path.Combine(dir, "missing.wasm");
        Assert.Equal($"mik: {missing}: file not found",
            (await AdminCli.RunAsync(AdminCliFixture.Key, dir, "modules", "deploy", missing, "--admin-url", nowhere)).SingleErrorLine(1));

        var text = Path.Combine(dir, "notes.wasm");
        await File.WriteAllTextAsync(text, "this is a text file, not wasm\n", Ct);
        var refused = (await server.RunAsync("modules", "deploy", text)).SingleErrorLine(1);
        Assert.StartsWith("mik: 422 invalid module: ", refused);
        Assert.Contains("WebAssembly", refused);
        Assert.Equal("mik: no module named 'notes'", (await server.RunAsync("modules", "show", "notes")).SingleErrorLine(1));
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task A_name_the_server_refuses_is_a_usage_error_naming_the_parameter()
    {
        var line = (await server.RunAsync("modules", "deploy", MikSandbox.GuestPath("hello"), "--name", "Not_A_Name")).SingleErrorLine(2);
        Assert.StartsWith("mik: 400 invalid request: name: ", line);
    }
}
