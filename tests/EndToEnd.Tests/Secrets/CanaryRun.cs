using Mik.Durable.EndToEnd.Tests.Diagnostics;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.Secrets;

/// <summary>The steps of <see cref="SecretCanaryTests"/>' run, each asserting that it did what it is there to do.</summary>
internal static class CanaryRun
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Requests served and failed, the key in a query string, the breaker opened; the guest's environment read.</summary>
    public static async Task ServeAsync(CanaryRequests requests, CanaryScan scan, string apiKey)
    {
        var key = Uri.EscapeDataString(apiKey);
        Assert.Equal(200, (await requests.RunAsync("/run/hello/")).Status);
        Assert.Equal(200, (await requests.RunAsync($"/run/hello/?api_key={key}")).Status);
        Assert.Equal(200, (await requests.RunAsync("/run/stderr/")).Status);
        Assert.NotEqual(200, (await requests.RunAsync("/run/exit3/")).Status);
        Assert.Equal(404, (await requests.RunAsync("/run/nothing-here/")).Status);
        // The guest's whole environment, as the echo guest prints it: "env NAME=VALUE" lines.
        var (status, echo) = await requests.RunAsync("/run/echo/a");
        Assert.Equal(200, status);
        Assert.Contains("env REQUEST_METHOD=GET", echo, StringComparison.Ordinal);
        scan.Check("the environment of guest echo", echo);
        Assert.Equal(500, (await requests.RunAsync($"/run/flaky/?token={key}")).Status);
        Assert.Equal(500, (await requests.RunAsync("/run/flaky/")).Status);
        Assert.Equal(503, (await requests.RunAsync("/run/flaky/")).Status);
    }

    /// <summary>Every admin route a run touches, its refusals, and auth failures carrying the key where it does not belong.</summary>
    public static async Task AdministerAsync(CanaryRequests requests, string apiKey)
    {
        var hello = await File.ReadAllBytesAsync(MikSandbox.GuestPath("hello"), Ct);
        Assert.Contains((await requests.AdminAsync(HttpMethod.Put, "/modules/deployed", hello)).Status, new[] { 200, 201 });
        Assert.Equal(422, (await requests.AdminAsync(HttpMethod.Put, "/modules/junk", "not webassembly"u8.ToArray())).Status);
        Assert.Equal(400, (await requests.AdminAsync(HttpMethod.Put, "/modules/Bad%20Name", hello)).Status);
        Assert.Equal(404, (await requests.AdminAsync(HttpMethod.Get, "/modules/nothing-here")).Status);
        Assert.Equal(200, (await requests.AdminAsync(HttpMethod.Delete, "/modules/deployed?reason=canary%20run")).Status);
        Assert.Equal(400, (await requests.AdminAsync(HttpMethod.Get, "/audit?limit=abc")).Status);
        Assert.Equal(200, (await requests.AdminAsync(HttpMethod.Post, "/circuits/flaky/reset")).Status);
        Assert.Equal(200, (await requests.AdminAsync(HttpMethod.Post, "/cache/clear")).Status);
        Assert.Equal(200, (await requests.AdminAsync(HttpMethod.Post, "/cache/clean")).Status);
        var (status, config) = await requests.AdminAsync(HttpMethod.Get, "/config");
        Assert.Equal(200, status);
        Assert.Contains("[redacted]", config, StringComparison.Ordinal);
        foreach (var route in new[] { "/modules", "/circuits", "/cache", "/instances", "/audit?limit=1000" })
            Assert.Equal(200, (await requests.AdminAsync(HttpMethod.Get, route)).Status);

        var key = Uri.EscapeDataString(apiKey);
        Assert.Equal(401, (await requests.AdminWithKeysAsync("/modules")).Status);
        Assert.Equal(401, (await requests.AdminWithKeysAsync($"/modules?api_key={key}")).Status);
        Assert.Equal(403, (await requests.AdminWithKeysAsync($"/modules?api_key={key}", "wrong")).Status);
        Assert.Equal(403, (await requests.AdminWithKeysAsync("/modules", "wrong")).Status);
        Assert.Equal(403, (await requests.AdminWithKeysAsync("/modules", apiKey + "x")).Status);
        Assert.Equal(403, (await requests.AdminWithKeysAsync("/modules", "x" + apiKey)).Status);
        Assert.Equal(403, (await requests.AdminWithKeysAsync("/modules", apiKey.ToUpperInvariant())).Status);
        Assert.Equal(403, (await requests.AdminWithKeysAsync("/nothing-here", apiKey, "wrong")).Status);
        // A confused client puts the key in the path or the User-Agent: the refusal's event and log line mask it.
        Assert.Equal(403, (await requests.AdminWithKeysAsync($"/modules/{key}", "wrong")).Status);
        Assert.Equal(403, (await requests.WithUserAgentAsync(toAdmin: true, "/modules", "curl/8 " + apiKey)).Status);
        Assert.Equal(200, (await requests.WithUserAgentAsync(toAdmin: false, $"/run/hello/{key}", apiKey)).Status);
    }

    /// <summary><c>mik doctor</c> and <c>mik diag bundle</c> run as an operator would, with the secrets in their environment, under strace.</summary>
    public static async Task OperatorCommandsAsync(CanaryScan scan, MikSandbox sandbox, IReadOnlyDictionary<string, string> secrets, string traces)
    {
        var doctor = await RunTracedAsync(Path.Combine(traces, "doctor.trace"), sandbox, secrets, "doctor", "--json", "--config", sandbox.ConfigPath);
        Assert.True(doctor.ExitCode is 0 or 1, $"mik doctor exited {doctor.ExitCode}: {doctor.Stderr}");
        scan.Check("mik doctor's stdout", doctor.Stdout);
        scan.Check("mik doctor's stderr", doctor.Stderr);

        var output = Directory.CreateDirectory(Path.Combine(sandbox.Directory, "bundle")).FullName;
        var bundle = await RunTracedAsync(Path.Combine(traces, "diag-bundle.trace"), sandbox, secrets,
            "diag", "bundle", "--config", sandbox.ConfigPath, "--output", output, "--since", "10m");
        scan.Check("mik diag bundle's stdout", bundle.Stdout);
        scan.Check("mik diag bundle's stderr", bundle.Stderr);
        var archive = DiagRun.ArchiveOf(bundle);
        scan.Check("the bundle, decompressed", DiagRun.Decompressed(archive));
        var entries = DiagRun.Entries(archive);
        Assert.Contains(entries, e => e.Path == "audit/events.jsonl");
        foreach (var entry in entries) scan.Check($"bundle file {entry.Path}", entry.Content);
    }

    private static async Task<CliResult> RunTracedAsync(string traceFile, MikSandbox sandbox, IReadOnlyDictionary<string, string> secrets, params string[] args)
    {
        using var process = System.Diagnostics.Process.Start(ExecTrace.StartInfo(traceFile, sandbox.Directory, secrets, [MikBinary.Path, .. args]))!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        // A hang guard, not a measurement.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(guard.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
