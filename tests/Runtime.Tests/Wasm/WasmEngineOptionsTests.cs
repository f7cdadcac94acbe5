using Mik.Durable.Runtime.Configuration;
using Mik.Durable.Runtime.Wasm;
using Xunit;

namespace Mik.Durable.Runtime.Tests.Wasm;

public sealed class WasmEngineOptionsTests
{
    [Fact]
    public void Defaults_match_the_default_config()
    {
        var fromConfig = WasmEngineOptions.FromConfig(new MikConfig());
        var defaults = new WasmEngineOptions();

        Assert.Equal(defaults.MaxInstances, fromConfig.MaxInstances);
        Assert.Equal(defaults.MaxMemoryBytes, fromConfig.MaxMemoryBytes);
        Assert.Equal(TimeSpan.FromMilliseconds(10), defaults.EpochTick);
        Assert.Equal(64 * 1024 * 1024, defaults.MaxStdoutBytes);
    }

    [Theory]
    [InlineData(64, 128)]
    [InlineData(4, 20)]
    [InlineData(1, 17)]
    public void The_instance_pool_leaves_headroom_over_max_concurrent_requests(int concurrent, int instances)
    {
        var config = new MikConfig { Server = { MaxConcurrentRequests = concurrent } };

        Assert.Equal(instances, WasmEngineOptions.FromConfig(config).MaxInstances);
    }

    [Fact]
    public void The_pool_memory_size_covers_the_largest_module_override()
    {
        var config = new MikConfig { Server = { MaxMemoryMb = 128 } };
        config.Modules["big"] = new ModuleOptions { MaxMemoryMb = 512 };
        config.Modules["small"] = new ModuleOptions { MaxMemoryMb = 16 };

        Assert.Equal(512L * 1024 * 1024, WasmEngineOptions.FromConfig(config).MaxMemoryBytes);
    }
}
