namespace Mik.Durable.EndToEnd.Tests.Support;

/// <summary>
/// One <c>mik</c> serving components from two toolchains side by side with a WAGI module: <c>c-http</c> (C, clang +
/// wasi-libc + jco), <c>echo-http</c> (the component text format) and the WAGI <c>hello</c>.
/// </summary>
public sealed class ToolchainServerFixture : IAsyncLifetime
{
    // Generous: a component's body crosses the C API a value per byte for now (docs/components.md), and this
    // machine may be loaded; only the endless loop waits for it.
    public const int TimeoutSecs = 10;
    private MikSandbox? _sandbox;
    private MikProcess? _mik;

    internal MikProcess Mik => _mik!;

    public async ValueTask InitializeAsync()
    {
        _sandbox = new MikSandbox(serverToml: $"request_timeout_secs = {TimeoutSecs}\nmax_memory_mb = 32\nmax_body_mb = 1\n");
        _sandbox.AddModule("components/c-http", "c-http");
        _sandbox.AddModule("components/echo-http", "echo-http");
        _sandbox.AddModule("hello");
        _mik = MikProcess.Start(_sandbox);
        await _mik.WaitReadyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_mik is not null) await _mik.DisposeAsync();
        _sandbox?.Dispose();
    }
}
