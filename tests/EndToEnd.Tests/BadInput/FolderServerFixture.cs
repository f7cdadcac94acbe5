using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.BadInput;

/// <summary>
/// One <c>mik</c> serving <c>hello</c>, shared by the filesystem rows that put something odd into its modules folder:
/// each row adds its own name, so they do not meet. Started by the first row that needs it.
/// </summary>
public sealed class FolderServerFixture : IAsyncDisposable
{
    public const string Key = "e2e-badhost-key";
    private readonly SemaphoreSlim _start = new(1, 1);
    private MikSandbox? _sandbox;
    private MikProcess? _mik;

    internal MikSandbox Sandbox => _sandbox!;

    internal async Task<MikProcess> StartedAsync()
    {
        await _start.WaitAsync();
        try
        {
            if (_mik is not null) return _mik;
            _sandbox = new MikSandbox();
            _sandbox.Environment["MIK_API_KEY"] = Key;
            _sandbox.AddModule("hello");
            _mik = MikProcess.Start(_sandbox);
            await _mik.WaitReadyAsync();
            _mik.Admin.DefaultRequestHeaders.Add("X-API-Key", Key);
            return _mik;
        }
        finally
        {
            _start.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_mik is not null) await _mik.DisposeAsync();
        _sandbox?.Dispose();
        _start.Dispose();
    }
}
