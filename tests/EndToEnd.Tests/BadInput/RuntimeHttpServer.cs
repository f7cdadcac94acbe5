using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.BadInput;

/// <summary>One <c>mik</c> for every runtime-http row: <c>hello</c> and <c>echo</c>, a 1 MiB body limit.</summary>
public sealed class RuntimeHttpServer : IAsyncLifetime
{
    private MikSandbox? _sandbox;
    private MikProcess? _mik;

    internal MikProcess Mik => _mik!;
    internal int Port => _sandbox!.Port;

    public async ValueTask InitializeAsync()
    {
        _sandbox = new MikSandbox(serverToml: "max_body_mb = 1\n");
        _sandbox.AddModule("hello");
        _sandbox.AddModule("echo");
        _mik = MikProcess.Start(_sandbox);
        await _mik.WaitReadyAsync(BadInputAssert.StartDeadline);
    }

    internal Task<BadInputAnswer> SendAsync(byte[] request, CancellationToken ct, byte[]? trickle = null) =>
        RawExchange.SendAsync(Port, request, ct, trickle);

    internal Task<BadInputAnswer> GetAsync(string target, CancellationToken ct, string headers = "") =>
        SendAsync(RawExchange.Request("GET", target, headers), ct);

    public async ValueTask DisposeAsync()
    {
        if (_mik is not null) await _mik.DisposeAsync();
        _sandbox?.Dispose();
    }
}
