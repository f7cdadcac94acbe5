namespace Mik.Durable.EndToEnd.Tests.Support;

/// <summary>
/// One <c>mik</c> for the client command tests of a class: an API key, the admin listener on 0.0.0.0 (so the
/// commands must find it on 127.0.0.1), no refusal throttling (the tests send wrong keys on purpose), <c>hello</c>.
/// </summary>
public sealed class AdminCliFixture : IAsyncLifetime
{
    public const string Key = "cli-test-key-5d1f0e";
    private MikSandbox? _sandbox;
    private MikProcess? _mik;

    internal MikSandbox Sandbox => _sandbox!;
    internal MikProcess Mik => _mik!;

    /// <summary>Runs <c>mik ARGS --config SANDBOX/mik.toml</c> with the right key.</summary>
    internal Task<AdminCliResult> RunAsync(params string[] args) => RunWithKeyAsync(Key, args);

    internal Task<AdminCliResult> RunWithKeyAsync(string? key, params string[] args) =>
        AdminCli.RunAsync(key, Sandbox.Directory, [.. args, "--config", Sandbox.ConfigPath]);

    public async ValueTask InitializeAsync()
    {
        _sandbox = new MikSandbox(adminToml: "host = \"0.0.0.0\"\nauth_failure_burst = 0\n");
        _sandbox.Environment["MIK_API_KEY"] = Key;
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
