using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Runtime.Tests.Configuration;

/// <summary>
/// Files the TOML fuzz target found crashing the loader (fuzz/corpus/config keeps each one): each must be a
/// configuration error that names the key, as <c>mik</c> prints it at start-up, not an unhandled exception.
/// </summary>
public sealed class FuzzFoundConfigTests
{
    [Theory]
    [InlineData("[server]\nmodules = \"a\\u0000b\"\n", "server.modules")]
    [InlineData("[state]\ndir = \"s\\u0000\"\n", "state.dir")]
    [InlineData("[logging]\nfile = \"\\u0000.log\"\n", "logging.file")]
    [InlineData("[modules.x.volumes]\n\"/d\" = { path = \"a\\u0000b\" }\n", "modules.x.volumes.\"/d\".path")]
    public void A_path_with_a_NUL_is_a_config_error_naming_its_key(string toml, string key)
    {
        using var file = new TempConfig(toml);

        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load(file.Path, file.Lookup));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(key, problem.Key);
        Assert.Contains("NUL", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_table_where_an_array_of_strings_belongs_is_a_config_error()
    {
        using var file = new TempConfig("[modules.x]\nallowed_outbound_hosts = { capacity = -1 }\n");

        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load(file.Path, file.Lookup));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("modules.x.allowed_outbound_hosts", problem.Key);
        Assert.Equal("expected an array of strings", problem.Reason);
    }

    [Fact]
    public void An_escape_cut_off_by_the_end_of_the_file_is_not_valid_TOML()
    {
        using var file = new TempConfig("[server]\nmodules = \"a\\");

        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load(file.Path, file.Lookup));

        Assert.Contains("not valid TOML", Assert.Single(error.Problems).Reason, StringComparison.Ordinal);
    }
}
