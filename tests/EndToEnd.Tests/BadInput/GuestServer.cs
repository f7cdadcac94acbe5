using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.BadInput;

/// <summary>One <c>mik</c> for every guest row: the misbehaving test guests, a 1 s timeout (60 s for <c>bigout</c>) and a 32 MiB memory cap.</summary>
public sealed class GuestServer : IAsyncLifetime
{
    private static readonly string[] Guests = ["hello", "trap", "loop", "memhog", "bigout", "exit3", "garbage", "headers", "rawcgi"];
    private MikSandbox? _sandbox;
    private MikProcess? _mik;

    internal MikProcess Mik => _mik!;

    public async ValueTask InitializeAsync()
    {
        // 70 MB of output takes its time on a loaded machine, and rawcgi fails on purpose row after row: neither may
        // turn into another answer (a timeout, an open circuit) than the row's.
        _sandbox = new MikSandbox("""
            [modules.bigout]
            timeout_secs = 60
            [modules.rawcgi]
            failure_threshold = 1000
            """, serverToml: "request_timeout_secs = 1\nmax_memory_mb = 32\n");
        foreach (var guest in Guests) _sandbox.AddModule(guest);
        _mik = MikProcess.Start(_sandbox);
        await _mik.WaitReadyAsync(BadInputAssert.StartDeadline);
    }

    internal Task<BadInputAnswer> GetAsync(string target, CancellationToken ct) =>
        RawExchange.SendAsync(_sandbox!.Port, RawExchange.Request("GET", target), ct);

    /// <summary>Has the <c>rawcgi</c> guest write <paramref name="output"/> as its CGI output.</summary>
    internal Task<BadInputAnswer> OutputAsync(string output, CancellationToken ct) =>
        RawExchange.SendAsync(_sandbox!.Port, RawExchange.Request("POST", "/run/rawcgi/", body: System.Text.Encoding.Latin1.GetBytes(output)), ct);

    public async ValueTask DisposeAsync()
    {
        if (_mik is not null) await _mik.DisposeAsync();
        _sandbox?.Dispose();
    }
}
