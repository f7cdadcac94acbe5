using System.Text;
using Mik.Durable.Runtime.Tests.Support;
using Mik.Durable.Runtime.Wagi;
using Xunit;

namespace Mik.Durable.Runtime.Tests.Wagi;

public sealed class WagiExecutorTests(EngineFixture fixture)
{
    private static string Body(WagiResult result) => Encoding.UTF8.GetString(result.Response!.Body.Span);

    private static WagiFailure AssertFailed(WagiResult result, WagiFailureKind kind)
    {
        Assert.Null(result.Response);
        Assert.NotNull(result.Failure);
        Assert.True(result.Failure.Kind == kind, $"expected {kind}, got {result.Failure.Kind}: {result.Failure.Message}");
        return result.Failure;
    }

    [Fact]
    public void Hello_world_is_answered_with_status_content_type_and_body()
    {
        using var result = GuestHost.Run(fixture.Engine, Wat.Respond("Content-Type: text/plain\n\nhello, world\n"));

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(200, result.Response!.Status);
        Assert.Equal([new("Content-Type", "text/plain")], result.Response.Headers);
        Assert.Equal("hello, world\n", Body(result));
    }

    [Fact]
    public void Only_a_guest_that_imports_environ_or_args_functions_is_given_an_environment_and_argv()
    {
        // A guest without those imports cannot observe them, so none is built for it (the echo tests show what the
        // others see).
        using var silent = GuestHost.Load(fixture.Engine, Wat.Respond("Content-Type: text/plain\n\nhi\n"));
        Assert.False(silent.ReadsEnvironment);
        Assert.False(silent.ReadsArguments);
        using var echo = GuestHost.Load(fixture.Engine, EchoGuest.Wat, name: "echo");
        Assert.True(echo.ReadsEnvironment);
        Assert.True(echo.ReadsArguments);
    }

    [Fact]
    public void Custom_status_and_headers_reach_the_response_including_repeated_set_cookie()
    {
        using var result = GuestHost.Run(fixture.Engine, Wat.Respond(
            "Content-Type: application/json\nStatus: 418 I'm a teapot\nX-Trace: abc\nSet-Cookie: a=1\nSet-Cookie: b=2\n\n{}"));

        Assert.Equal(418, result.Response!.Status);
        Assert.Equal(
            [new("Content-Type", "application/json"), new("X-Trace", "abc"), new("Set-Cookie", "a=1"), new("Set-Cookie", "b=2")],
            result.Response.Headers);
        Assert.Equal("{}", Body(result));
    }

    [Fact]
    public void Crlf_headers_and_no_space_after_colon_are_accepted_and_the_body_keeps_its_crs()
    {
        using var result = GuestHost.Run(fixture.Engine, Wat.Respond("content-type:text/html\r\nstatus:404\r\n\r\nOh hi world\r\n"));

        Assert.Equal(404, result.Response!.Status);
        Assert.Equal([new("Content-Type", "text/html")], result.Response.Headers);
        Assert.Equal("Oh hi world\r\n", Body(result));
    }

    [Fact]
    public void Location_alone_redirects_with_302()
    {
        using var result = GuestHost.Run(fixture.Engine, Wat.Respond("Location: https://example.com/next\n\n"));

        Assert.Equal(302, result.Response!.Status);
        Assert.Contains(new KeyValuePair<string, string>("Location", "https://example.com/next"), result.Response.Headers);
    }

    [Fact]
    public void An_explicit_status_wins_over_the_302_of_location_whatever_the_order()
    {
        using var before = GuestHost.Run(fixture.Engine, Wat.Respond("Status: 301\nLocation: /a\n\n"));
        using var after = GuestHost.Run(fixture.Engine, Wat.Respond("Location: /a\nStatus: 307\n\n"));

        Assert.Equal(301, before.Response!.Status);
        Assert.Equal(307, after.Response!.Status);
    }

    [Fact]
    public void Output_that_is_not_a_cgi_response_fails_with_invalid_handler_output()
    {
        using var noBlankLine = GuestHost.Run(fixture.Engine, Wat.Respond("hello there, no headers at all"));
        using var noKnownHeader = GuestHost.Run(fixture.Engine, Wat.Respond("X-Only: this\n\nbody"));
        using var nothing = GuestHost.Run(fixture.Engine, Wat.Respond(""));

        AssertFailed(noBlankLine, WagiFailureKind.InvalidHandlerOutput);
        AssertFailed(noKnownHeader, WagiFailureKind.InvalidHandlerOutput);
        var failure = AssertFailed(nothing, WagiFailureKind.InvalidHandlerOutput);
        Assert.Equal("invalid_handler_output", failure.Code);
        Assert.Equal(500, failure.HttpStatus);
    }

    [Fact]
    public void A_trap_fails_with_handler_trap_and_says_what_trapped()
    {
        using var result = GuestHost.Run(fixture.Engine, Wat.Trap);

        var failure = AssertFailed(result, WagiFailureKind.HandlerTrap);
        Assert.Equal("handler_trap", failure.Code);
        Assert.Contains("unreachable", failure.Message);
    }

    [Fact]
    public void A_non_zero_proc_exit_fails_with_handler_exit_and_the_code()
    {
        using var result = GuestHost.Run(fixture.Engine, Wat.Respond("Content-Type: text/plain\n\nhalf", exitCode: 3));

        var failure = AssertFailed(result, WagiFailureKind.HandlerExit);
        Assert.Equal("handler_exit", failure.Code);
        Assert.Contains("3", failure.Message);
    }

    [Fact]
    public void Proc_exit_zero_after_a_valid_response_is_success()
    {
        using var result = GuestHost.Run(fixture.Engine, Wat.Respond("Content-Type: text/plain\n\nbye", exitCode: 0));

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal("bye", Body(result));
    }

    [Fact]
    public void Stderr_comes_back_as_lines_and_never_in_the_body()
    {
        using var result = GuestHost.Run(fixture.Engine, Wat.Respond("Content-Type: text/plain\n\nok", stderr: "line one\nline two\r\npartial"));

        Assert.Equal("ok", Body(result));
        Assert.Equal(["line one", "line two", "partial"], result.StderrLines);
    }

    [Fact]
    public void Stderr_is_kept_when_the_handler_fails()
    {
        using var result = GuestHost.Run(fixture.Engine, Wat.Respond("garbage", stderr: "about to fail\n", exitCode: 2));

        AssertFailed(result, WagiFailureKind.HandlerExit);
        Assert.Equal(["about to fail"], result.StderrLines);
    }
}
