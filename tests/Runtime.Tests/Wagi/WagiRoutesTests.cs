using Mik.Durable.Runtime.Tests.Support;
using Mik.Durable.Runtime.Wagi;
using Xunit;

namespace Mik.Durable.Runtime.Tests.Wagi;

/// <summary>A module exporting <c>_routes</c> serves sub-routes with other exports (docs/wagi.md, as WAGI).</summary>
public sealed class WagiRoutesTests(EngineFixture fixture)
{
    private static string RoutesFunction(string output) => $$"""
        (data (i32.const 200000) {{Support.Wat.Literal(output)}})
        (func (export "_routes") (call $write (i32.const 200000) (i32.const {{System.Text.Encoding.UTF8.GetByteCount(output)}})))
        """;

    [Fact]
    public void Sub_routes_are_discovered_matched_and_served_with_joined_route_variables()
    {
        var wat = EchoGuest.WatWith("files", RoutesFunction("/hello hello\n\n/files/...   files\n"));
        using var module = GuestHost.Load(fixture.Engine, wat);
        var executor = new WagiExecutor(fixture.Engine);

        var routes = executor.DiscoverRoutes(module);

        Assert.Null(routes.Problem);
        Assert.Equal([new WagiSubRoute("/hello", "hello"), new WagiSubRoute("/files/...", "files")], routes.Routes);
        Assert.Equal("files", routes.Match("/files")?.Entrypoint);
        Assert.Equal("files", routes.Match("/files/a/b")?.Entrypoint);
        Assert.Equal("hello", routes.Match("/hello")?.Entrypoint);
        Assert.Null(routes.Match("/hello/x"));
        Assert.Null(routes.Match("/filesx"));

        var route = routes.Match("/files/a%20b")!;
        using var result = executor.Execute(module, route.Apply(GuestHost.Get("/run/test/files/a%20b?x=1")), route.Entrypoint);

        Assert.True(result.Succeeded, result.Failure?.Message);
        var env = EchoGuest.Parse(result.Response!.Body);
        Assert.Equal("/run/test/files", env["SCRIPT_NAME"]);
        Assert.Equal("/run/test/files/...", env["X_MATCHED_ROUTE"]);
        Assert.Equal("/a b", env["PATH_INFO"]);
        Assert.Equal("/a%20b", env["X_RAW_PATH_INFO"]);
        Assert.Equal(["/run/test/files/a%20b", "x=1"], env.Args);
    }

    [Fact]
    public void A_module_without_routes_export_has_no_sub_routes()
    {
        using var module = GuestHost.Load(fixture.Engine, EchoGuest.Wat);

        var routes = new WagiExecutor(fixture.Engine).DiscoverRoutes(module);

        Assert.Empty(routes.Routes);
        Assert.Null(routes.Problem);
    }

    [Theory]
    [InlineData("/only-one-field\n", "invalid line")]
    [InlineData("/a b c\n", "invalid line")]
    [InlineData("\n\n", "no routes")]
    public void Unusable_routes_output_is_a_problem_to_warn_about(string output, string problem)
    {
        using var module = GuestHost.Load(fixture.Engine, EchoGuest.WatWith("_start", RoutesFunction(output)));

        var routes = new WagiExecutor(fixture.Engine).DiscoverRoutes(module);

        Assert.Empty(routes.Routes);
        Assert.Contains(problem, routes.Problem);
    }

    [Fact]
    public void A_routes_export_that_traps_is_a_problem_and_the_module_still_serves_its_entrypoint()
    {
        var wat = EchoGuest.WatWith("_start", "(func (export \"_routes\") unreachable)");
        using var module = GuestHost.Load(fixture.Engine, wat);
        var executor = new WagiExecutor(fixture.Engine);

        var routes = executor.DiscoverRoutes(module);
        using var result = executor.Execute(module, GuestHost.Get("/run/test"));

        Assert.Contains("unreachable", routes.Problem);
        Assert.True(result.Succeeded, result.Failure?.Message);
    }
}
