using System.Net;
using System.Text;
using System.Text.Json;
using Mik.Durable.Tests.Shared;
using static Mik.Durable.Api.Tests.Functional.AdminCalls;

namespace Mik.Durable.Api.Tests.Functional.Modules;

/// <summary>
/// Modules that can never run, as the folder holds them: their problem is known at load and shown where an operator
/// looks (<c>GET /modules/{name}</c>, <c>/health</c>), while a client learns only the kind of problem.
/// </summary>
public sealed class ModuleProblemsTests
{
    private const string Canary = "canary-3f9d2b1e secret text";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_module_that_cannot_run_has_its_problem_in_the_admin_api_and_health_and_requests_are_instantiate_failed()
    {
        await using var mik = new MikFactory();
        mik.CopyGuest("nostart", "nostart");
        mik.CopyGuest("hello", "hello");
        await File.WriteAllBytesAsync(Path.Combine(mik.ModulesDir, "unlinked.wasm"), WasmBinaries.ImportsUnknownMemory, Ct);
        using var admin = mik.Admin();
        using var runtime = mik.Runtime();

        var nostart = (await GetJsonAsync(admin, "/modules/nostart")).GetProperty("problem").GetString();
        Assert.Contains("'_start'", nostart);
        var unlinked = (await GetJsonAsync(admin, "/modules/unlinked")).GetProperty("problem").GetString();
        Assert.Contains("env::memory", unlinked);
        Assert.Equal(JsonValueKind.Null, (await GetJsonAsync(admin, "/modules/hello")).GetProperty("problem").ValueKind);

        await mik.ReadyAsync();
        var health = await GetJsonAsync(runtime, "/health");
        Assert.Equal(1, health.GetProperty("modules_loaded").GetInt32());
        Assert.Equal(2, health.GetProperty("modules_broken").GetInt32());
        Assert.Equal("ok", health.GetProperty("modules_dir").GetString());

        foreach (var (module, problem) in new[] { ("nostart", nostart), ("unlinked", unlinked) })
        {
            using var run = await runtime.GetAsync($"/run/{module}/", Ct);
            Assert.Equal(HttpStatusCode.InternalServerError, run.StatusCode);
            var error = JsonDocument.Parse(await run.Content.ReadAsStringAsync(Ct)).RootElement;
            Assert.Equal("instantiate_failed", error.GetProperty("error").GetString());
            Assert.Equal("Failed to instantiate: " + problem, error.GetProperty("message").GetString());
        }
    }

    [Fact]
    public async Task A_module_that_is_a_symlink_to_a_text_file_tells_the_client_only_that_it_is_not_WebAssembly()
    {
        await using var mik = new MikFactory();
        var secret = Path.Combine(mik.Root, "secret.txt");
        await File.WriteAllTextAsync(secret, Canary, Ct);
        File.CreateSymbolicLink(Path.Combine(mik.ModulesDir, "leaky.wasm"), secret);
        using var admin = mik.Admin();
        using var runtime = mik.Runtime();

        using var run = await runtime.GetAsync("/run/leaky/", Ct);
        var body = await run.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.InternalServerError, run.StatusCode);
        var error = JsonDocument.Parse(body).RootElement;
        Assert.Equal("instantiate_failed", error.GetProperty("error").GetString());
        Assert.Equal("Failed to instantiate: not a WebAssembly module", error.GetProperty("message").GetString());
        // Neither the file's size, nor its first bytes (in any spelling), nor where it is.
        foreach (var leak in new[] { Canary[..4], Convert.ToHexString(Encoding.UTF8.GetBytes(Canary[..4])), mik.Root })
            Assert.DoesNotContain(leak, body, StringComparison.OrdinalIgnoreCase);
        // The size as a number of its own: the body's random hex trace id may well contain its digits.
        Assert.DoesNotMatch($@"\b{Canary.Length}\b", body);

        // Behind the key, the operator gets the details.
        var problem = (await GetJsonAsync(admin, "/modules/leaky")).GetProperty("problem").GetString();
        Assert.StartsWith("not a WebAssembly module: ", problem);
        Assert.Contains($"{Canary.Length} bytes", problem);
    }
}
