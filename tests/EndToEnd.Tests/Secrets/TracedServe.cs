using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.Secrets;

/// <summary>
/// <c>mik serve</c> under <see cref="ExecTrace"/>, with its stdout and stderr kept and clients for both listeners.
/// Signals go to mik itself (strace's child), not to strace.
/// </summary>
internal sealed partial class TracedServe : IAsyncDisposable
{
    private readonly Process _strace;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    public TracedServe(MikSandbox sandbox, string traceFile)
    {
        var info = ExecTrace.StartInfo(traceFile, sandbox.Directory, sandbox.Environment,
            "/usr/bin/env", "--default-signal=INT", MikBinary.Path, "serve", "--config", sandbox.ConfigPath);
        _strace = Process.Start(info)!;
        _strace.StandardInput.Close();
        _strace.OutputDataReceived += (_, e) => { if (e.Data is not null) _stdout.Enqueue(e.Data); };
        _strace.ErrorDataReceived += (_, e) => { if (e.Data is not null) _stderr.Enqueue(e.Data); };
        _strace.BeginOutputReadLine();
        _strace.BeginErrorReadLine();
        Runtime = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{sandbox.Port}"), Timeout = TimeSpan.FromSeconds(30) };
        Admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{sandbox.AdminPort}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Runtime { get; }
    public HttpClient Admin { get; }
    public IReadOnlyList<string> StdoutLines => [.. _stdout];
    public string Stderr => string.Join('\n', _stderr);

    /// <summary>mik's pid: strace's only child (env execs mik in its own place).</summary>
    public int MikPid
    {
        get
        {
            var children = File.ReadAllText($"/proc/{_strace.Id}/task/{_strace.Id}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(Assert.Single(children), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Waits until <c>/health</c> says the event store is <c>ok</c> (so mik serves and has its schema).</summary>
    public async Task WaitEventStoreAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_strace.HasExited, $"mik exited: {Stderr}\n{string.Join('\n', StdoutLines)}");
            try
            {
                using var health = JsonDocument.Parse(await Runtime.GetStringAsync("/health"));
                if (health.RootElement.TryGetProperty("event_store", out var store) && store.GetString() == "ok") return;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or JsonException or TaskCanceledException)
            {
                // Not listening yet, or 503 while it starts.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("the event store never came up: " + string.Join('\n', StdoutLines));
    }

    /// <summary>SIGTERM to mik; waits for it and everything strace follows (the embedded cluster) to end.</summary>
    public async Task StopAsync()
    {
        if (_strace.HasExited) return;
        Assert.Equal(0, kill(MikPid, 15));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _strace.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        Runtime.Dispose();
        Admin.Dispose();
        if (!_strace.HasExited)
        {
            try
            {
                await StopAsync();
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or ArgumentException or Xunit.Sdk.XunitException)
            {
                _strace.Kill(entireProcessTree: true);
            }
        }
        _strace.Dispose();
    }

    [System.Runtime.InteropServices.LibraryImport("libc")]
    private static partial int kill(int pid, int signal);
}
