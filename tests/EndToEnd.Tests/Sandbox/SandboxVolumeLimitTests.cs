using System.Net;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.Sandbox;

/// <summary>
/// The published binary: a guest cannot fill the disk through a writable volume faster than
/// <c>max_volume_write_mb</c> per request, and the server stays healthy (docs/runtime.md, Limits).
/// </summary>
public sealed class SandboxVolumeLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_guest_writing_past_max_volume_write_mb_gets_ENOSPC_and_the_file_stops_at_the_limit()
    {
        using var sandbox = new MikSandbox(extraToml: """
            [modules.writer]
            volumes = { "/data" = { path = "data", writable = true } }
            max_volume_write_mb = 1
            """);
        Directory.CreateDirectory(Path.Combine(sandbox.Directory, "data"));
        sandbox.AddModule("escape", "writer");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        using var response = await mik.Runtime.GetAsync("/run/writer?p=fill&path=/data/big.bin&kb=65536", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("fill=failed bytes=1048576 errno=51\n", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(1024 * 1024, new FileInfo(Path.Combine(sandbox.Directory, "data", "big.bin")).Length);
        using var health = await mik.Runtime.GetAsync("/health", Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
