using System.Text;
using Mik.Durable.Runtime.Tests.Support;
using Mik.Durable.Runtime.Wagi;
using Xunit;

namespace Mik.Durable.Runtime.Tests.Wagi;

public sealed class WagiConcurrencyTests(EngineFixture fixture)
{
    [Fact]
    public void Parallel_requests_on_one_module_each_see_only_their_own_request()
    {
        using var module = GuestHost.Load(fixture.Engine, EchoGuest.Wat);
        var executor = new WagiExecutor(fixture.Engine);

        var seen = new string[24];
        Parallel.For(0, seen.Length, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = TestContext.Current.CancellationToken }, i =>
        {
            var request = new WagiRequest
            {
                Method = "POST", RawPath = $"/run/test/{i}", RoutePrefix = "/run/test", Body = Encoding.UTF8.GetBytes($"body {i}"),
            };
            using var result = executor.Execute(module, request);
            var output = EchoGuest.Parse(result.Response!.Body);
            seen[i] = $"{output["PATH_INFO"]} {output.Body}";
        });

        Assert.Equal(Enumerable.Range(0, seen.Length).Select(i => $"/{i} body {i}"), seen);
    }
}
