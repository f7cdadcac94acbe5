namespace Mik.Durable.EndToEnd.Tests.Support;

/// <summary>One <c>mik</c> serving every test guest, shared by the tests of a class.</summary>
public sealed class GuestServerFixture : IAsyncLifetime
{
    public const int TimeoutSecs = 1;
    private MikSandbox? _sandbox;
    private MikProcess? _mik;

    internal MikSandbox Sandbox => _sandbox!;
    internal MikProcess Mik => _mik!;

    public async ValueTask InitializeAsync()
    {
        _sandbox = new MikSandbox($"""
            [modules.volume]
            volumes = {"{"} "/data" = "data" {"}"}
            """, serverToml: $"request_timeout_secs = {TimeoutSecs}\nmax_memory_mb = 32\nmax_body_mb = 1\n");
        foreach (var guest in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "guests"), "*.wasm"))
        {
            var name = Path.GetFileNameWithoutExtension(guest);
            if (name != "big") _sandbox.AddModule(name);
        }
        await File.WriteAllTextAsync(Path.Combine(_sandbox.ModulesDirectory, "broken.wasm"), "this is a text file, not wasm\n");
        Directory.CreateDirectory(Path.Combine(_sandbox.Directory, "data"));
        await File.WriteAllTextAsync(Path.Combine(_sandbox.Directory, "data", "hello.txt"), "hello from a volume\n");
        _mik = MikProcess.Start(_sandbox);
        await _mik.WaitReadyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_mik is not null) await _mik.DisposeAsync();
        _sandbox?.Dispose();
    }
}
