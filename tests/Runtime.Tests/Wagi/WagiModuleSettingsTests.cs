using Mik.Durable.Runtime.Configuration;
using Mik.Durable.Runtime.Wagi;
using Mik.Durable.Runtime.Wasm;
using Xunit;

namespace Mik.Durable.Runtime.Tests.Wagi;

public sealed class WagiModuleSettingsTests
{
    [Fact]
    public void A_module_without_overrides_uses_the_server_limits_and_start()
    {
        var settings = WagiModuleSettings.Resolve(new ServerOptions { RequestTimeoutSecs = 7, MaxMemoryMb = 32 }, null);

        Assert.Equal("_start", settings.Entrypoint);
        Assert.Equal(TimeSpan.FromSeconds(7), settings.Timeout);
        Assert.Equal(32L * 1024 * 1024, settings.MaxMemoryBytes);
        Assert.Empty(settings.Volumes);
        Assert.Empty(settings.Env);
    }

    [Fact]
    public void Module_overrides_win_and_volumes_are_read_only_unless_writable()
    {
        var module = new ModuleOptions
        {
            Entrypoint = "handle",
            TimeoutSecs = 2,
            MaxMemoryMb = 8,
            Env = { ["A"] = "1" },
            Volumes = { ["/data"] = new VolumeOptions { Path = "/srv/data" }, ["/tmp"] = new VolumeOptions { Path = "/srv/tmp", Writable = true } },
        };

        var settings = WagiModuleSettings.Resolve(new ServerOptions(), module);

        Assert.Equal("handle", settings.Entrypoint);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.Timeout);
        Assert.Equal(8L * 1024 * 1024, settings.MaxMemoryBytes);
        Assert.Equal("1", settings.Env["A"]);
        Assert.Equal([new GuestVolume("/data", "/srv/data", false), new GuestVolume("/tmp", "/srv/tmp", true)], settings.Volumes);
    }
}
