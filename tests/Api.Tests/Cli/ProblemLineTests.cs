using System.Net;
using Mik.Durable.Api.Cli.Client;

namespace Mik.Durable.Api.Tests.Cli;

/// <summary>The one line a client command prints for each refusal of the admin API.</summary>
public sealed class ProblemLineTests
{
    [Fact]
    public void PostgreSQL_away_is_named_with_the_servers_advice()
    {
        const string body = """
            {"status":503,"title":"event store unavailable","detail":"the event store (PostgreSQL) cannot be reached; nothing was changed; try again when /health shows event_store ok","error":"event_store_unavailable"}
            """;
        Assert.Equal("503 PostgreSQL is unreachable: nothing was changed; try again when /health shows event_store ok",
            ProblemLine.For(HttpStatusCode.ServiceUnavailable, body, "hello", hasKey: true));
    }

    [Fact]
    public void Keys_and_unknown_modules_get_their_fixed_lines()
    {
        Assert.Equal("403 forbidden: check MIK_API_KEY", ProblemLine.For(HttpStatusCode.Forbidden, "{}", null, hasKey: true));
        Assert.Equal("401 unauthorized: this mik needs its API key and MIK_API_KEY is not set",
            ProblemLine.For(HttpStatusCode.Unauthorized, "{}", null, hasKey: false));
        Assert.Equal("no module named 'x'", ProblemLine.For(HttpStatusCode.NotFound, "{}", "x", hasKey: true));
    }

    [Fact]
    public void Any_other_problem_shows_its_status_title_and_detail_on_one_line()
    {
        Assert.Equal("422 invalid module: not WebAssembly  (no magic)",
            ProblemLine.For(HttpStatusCode.UnprocessableEntity, """{"title":"Invalid module","detail":"not WebAssembly\n\u001b(no magic)"}""", "x", true));
        Assert.Equal("502 bad gateway", ProblemLine.For(HttpStatusCode.BadGateway, "<html>proxy</html>", null, true));
    }
}
