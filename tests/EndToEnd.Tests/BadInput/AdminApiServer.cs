using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.BadInput;

/// <summary>
/// One <c>mik</c> for every admin-api row: an API key, no throttling of refused requests (the auth rows would trip it),
/// a 1 MiB upload limit, <c>hello</c> deployed.
/// </summary>
public sealed class AdminApiServer : IAsyncLifetime
{
    internal const string Key = "catalogue-key-5f1c0e";
    private MikSandbox? _sandbox;
    private MikProcess? _mik;

    internal MikProcess Mik => _mik!;

    public async ValueTask InitializeAsync()
    {
        _sandbox = new MikSandbox(adminToml: "auth_failure_burst = 0\nmax_module_mb = 1\n");
        _sandbox.Environment["MIK_API_KEY"] = Key;
        _mik = MikProcess.Start(_sandbox);
        await _mik.WaitEventStoreAsync(BadInputAssert.StartDeadline);
        var deployed = await SendAsync("PUT", "/modules/hello", TestContext.Current.CancellationToken, body: File.ReadAllBytes(MikSandbox.GuestPath("hello")));
        if (deployed.Status != 201) throw new InvalidOperationException("deploying hello failed: " + deployed);
    }

    /// <summary>A request to the admin listener; <paramref name="auth"/> replaces the right key's header (raw lines, "" for none).</summary>
    internal Task<BadInputAnswer> SendAsync(string method, string target, CancellationToken ct, string headers = "", byte[]? body = null,
        string? auth = null, byte[]? trickle = null) =>
        RawExchange.SendAsync(_sandbox!.AdminPort,
            RawExchange.Request(method, target, (auth ?? $"X-API-Key: {Key}") + "\n" + headers, body), ct, trickle);

    public async ValueTask DisposeAsync()
    {
        if (_mik is not null) await _mik.DisposeAsync();
        _sandbox?.Dispose();
    }
}
