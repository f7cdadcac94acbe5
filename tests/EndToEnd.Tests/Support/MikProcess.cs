using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Mik.Durable.EndToEnd.Tests.Support;

/// <summary>One running <c>mik</c> process with its stdout lines, stderr and HTTP clients for both listeners.</summary>
internal sealed partial class MikProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private MikProcess(Process process, int port, int adminPort)
    {
        _process = process;
        Runtime = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        Admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{adminPort}"), Timeout = TimeSpan.FromSeconds(30) };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _stdout.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _stderr.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public HttpClient Runtime { get; }
    public HttpClient Admin { get; }
    public int Pid => _process.Id;
    public IReadOnlyList<string> StdoutLines => [.. _stdout];
    public string Stderr => string.Join('\n', _stderr);

    public static MikProcess Start(MikSandbox sandbox, params string[] args)
    {
        // Through env(1), which execs mik in its own place (same pid) with SIGINT's default action restored: a suite
        // started in the background (`scripts/test.sh &`) passes SIGINT on ignored, mik keeps it ignored as a
        // background job should, and a test that sends SIGINT, as a terminal user would, waited in vain.
        var info = new ProcessStartInfo("/usr/bin/env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = sandbox.Directory,
        };
        info.ArgumentList.Add("--default-signal=INT");
        info.ArgumentList.Add(MikBinary.Path);
        foreach (var a in args.Length > 0 ? args : ["serve", "--config", sandbox.ConfigPath]) info.ArgumentList.Add(a);
        foreach (var name in new[] { "MIK_CONFIG", "MIK_DATABASE_URL", "MIK_API_KEY", "MIK_LOKI_URL", "HOST", "PORT" })
            info.Environment.Remove(name);
        foreach (var (k, v) in sandbox.Environment) info.Environment[k] = v;
        return new MikProcess(Process.Start(info)!, sandbox.Port, sandbox.AdminPort);
    }

    /// <summary>Waits until <c>/health</c> answers 200 on the runtime listener, or the process exits.</summary>
    public Task WaitReadyAsync(TimeSpan? timeout = null) =>
        WaitForHealthAsync(timeout, "mik did not become ready", response => response.IsSuccessStatusCode);

    /// <summary>
    /// Waits until <c>/health</c> reports the event store <c>ok</c>, which comes only after mik has migrated its schema.
    /// Ready does not imply it: nothing on the request path waits on PostgreSQL, so on a loaded machine mik can serve
    /// before its store is usable, and a test that then writes to the store itself would find no schema.
    /// </summary>
    public Task WaitEventStoreAsync(TimeSpan? timeout = null) =>
        // 503 while it starts, with the same body.
        WaitForHealthAsync(timeout, "the event store never came up", (_, body) =>
        {
            using var health = System.Text.Json.JsonDocument.Parse(body);
            return health.RootElement.TryGetProperty("event_store", out var state) && state.GetString() == "ok";
        });

    private Task WaitForHealthAsync(TimeSpan? timeout, string failure, Func<HttpResponseMessage, bool> done) =>
        WaitForHealthAsync(timeout, failure, (response, _) => done(response));

    private async Task WaitForHealthAsync(TimeSpan? timeout, string failure, Func<HttpResponseMessage, string, bool> done)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"mik exited with {_process.ExitCode}: {Stderr}\n{string.Join('\n', StdoutLines)}");
            try
            {
                using var response = await Runtime.GetAsync("/health");
                if (done(response, await response.Content.ReadAsStringAsync())) return;
            }
            catch (Exception e) when (e is HttpRequestException or System.Net.Sockets.SocketException or IOException or System.Text.Json.JsonException)
            {
                // Not listening yet, a connection reset while it starts, or a body cut short.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException(failure + ": " + string.Join('\n', StdoutLines));
    }

    public void Signal(int signal)
    {
        if (kill(_process.Id, signal) != 0) throw new InvalidOperationException("kill failed: " + Marshal.GetLastPInvokeError());
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Runtime.Dispose();
        Admin.Dispose();
        if (!_process.HasExited)
        {
            Signal(Sigterm);
            try
            {
                await WaitForExitAsync(TimeSpan.FromSeconds(30));
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }

    public const int Sigterm = 15;
    public const int Sigkill = 9;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
