using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.Deploy;

/// <summary>
/// The image's HEALTHCHECK (deploy/docker/healthcheck.sh, run by the Dockerfile) against a real mik: healthy
/// once /health is ready, unhealthy while nothing answers. The runtime image has no curl, so the script's own
/// HTTP request is what decides.
/// </summary>
public sealed class ContainerHealthCheckTests
{
    private static string Script => RepoFiles.PathOf("deploy", "docker", "healthcheck.sh");

    [Fact]
    public async Task The_image_health_check_passes_on_a_ready_mik_and_fails_where_nothing_listens()
    {
        using var sandbox = new MikSandbox();
        sandbox.AddModule("hello");
        await using (var mik = MikProcess.Start(sandbox))
        {
            await mik.WaitReadyAsync();
            var healthy = await Tool.RunAsync(Script, [sandbox.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            Assert.True(healthy.ExitCode == 0, healthy.Output);
            Assert.Contains("mik ready", healthy.Output);
        }
        var down = await Tool.RunAsync(Script, [sandbox.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.Equal(1, down.ExitCode);
    }

    [Fact]
    public void The_Dockerfile_builds_with_the_SDK_runs_on_the_aspnet_image_as_a_non_root_user_with_this_health_check()
    {
        var lines = RepoFiles.Read("Dockerfile").Split('\n').Select(l => l.Trim()).ToList();
        var from = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, from.Count);
        Assert.StartsWith("FROM --platform=linux/amd64 mcr.microsoft.com/dotnet/sdk:10.0 ", from[0]);   // the RID is linux-x64
        Assert.Equal("FROM --platform=linux/amd64 mcr.microsoft.com/dotnet/aspnet:10.0", from[1]);
        Assert.Equal("USER mik", Assert.Single(lines, l => l.StartsWith("USER ", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal) && l.EndsWith("CMD [\"/opt/mik/healthcheck.sh\"]", StringComparison.Ordinal));
        Assert.Contains("COPY --chmod=0755 deploy/docker/healthcheck.sh /opt/mik/healthcheck.sh", lines);
        Assert.Contains("COPY --chown=mik:mik examples/modules/ /var/lib/mik/modules/", lines);
        // The native Wasmtime library must be in the image beside mik: the build stops without it.
        Assert.Contains("&& test -f /out/libwasmtime.so \\", lines);
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(MikBinary.Path)!, "libwasmtime.so")), "dotnet publish lays libwasmtime.so beside mik");
    }
}
