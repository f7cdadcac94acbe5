using Mik.Durable.Runtime.Tests.Support;
using Mik.Durable.Runtime.Wagi;
using Xunit;

namespace Mik.Durable.Runtime.Tests.Wagi;

public sealed class WagiArgvTests
{
    [Theory]
    [InlineData("/run/test", new[] { "/run/test" })]
    [InlineData("/quicksort?--tamanho&20&--imprime", new[] { "/quicksort", "--tamanho", "20", "--imprime" })]
    [InlineData("/p?a&&b", new[] { "/p", "a", "", "b" })]
    [InlineData("/p?a&", new[] { "/p", "a", "" })]
    [InlineData("/run/x/a%20b?q=%41+b&c=d", new[] { "/run/x/a%20b", "q=%41+b", "c=d" })]
    public void Argv_is_the_raw_path_then_the_raw_query_split_on_ampersands(string pathAndQuery, string[] expected)
    {
        Assert.Equal(expected, WagiArgv.Build(GuestHost.Get(pathAndQuery)));
    }
}
