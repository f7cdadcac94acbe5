using System.Buffers.Binary;
using System.Text;
using Mik.Durable.Runtime.Components;
using Mik.Durable.Runtime.Tests.Support;
using Mik.Durable.Runtime.Wagi;

namespace Mik.Durable.Runtime.Tests.Components;

/// <summary>
/// The rest of the world real components import (wasi:cli, wasi:random, wasi:clocks, wasi:filesystem), through
/// <c>world-probe</c>, a component importing <c>wasi:cli@0.2.0</c> next to <c>wasi:io@0.2.3</c>: it answers with what
/// it saw, and traps if stdin is not empty or a directory is preopened.
/// </summary>
public sealed class WorldProbeComponentTests(EngineFixture fixture)
{
    private static readonly byte[] WorldProbe =
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "guests", "components", "world-probe.wasm"));

    private static readonly WasiWorld World =
        new(new Dictionary<string, string> { ["ZETA"] = "last", ["GREETING"] = "hello there" }, ["world-probe"], 1024 * 1024);

    [Fact]
    public void The_probe_sees_the_modules_environment_its_name_as_argument_random_bytes_and_the_clocks()
    {
        var before = DateTimeOffset.UtcNow;

        var response = Serve("GET");

        Assert.Null(response.Failure);
        Assert.Equal(200, response.Status);
        var body = response.Body.ToArray();
        var text = Encoding.UTF8.GetString(body);
        Assert.StartsWith("GREETING=hello there\nZETA=last\narg:world-probe\n--\n", text);
        var binary = body.AsSpan(Encoding.UTF8.GetByteCount("GREETING=hello there\nZETA=last\narg:world-probe\n--\n"));
        Assert.Equal(16 + 8 + 8 + 12, binary.Length);
        var first = BinaryPrimitives.ReadUInt64LittleEndian(binary[16..]);
        var second = BinaryPrimitives.ReadUInt64LittleEndian(binary[24..]);
        Assert.True(second >= first, $"monotonic clock went back: {first} then {second}");
        var wall = DateTimeOffset.FromUnixTimeSeconds((long)BinaryPrimitives.ReadUInt64LittleEndian(binary[32..]));
        var nanoseconds = BinaryPrimitives.ReadUInt32LittleEndian(binary[40..]);
        Assert.InRange(wall, before.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.InRange(nanoseconds, 0u, 999_999_999u);
    }

    [Fact]
    public void Two_requests_get_different_random_bytes()
    {
        var first = Serve("GET").Body.ToArray()[^44..^28];
        var second = Serve("GET").Body.ToArray()[^44..^28];

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Stdout_and_stderr_become_lines_in_the_order_written_the_last_one_without_its_newline()
    {
        var response = Serve("GET");

        Assert.Equal(["probe: hello on stdout", "probe: hello on stderr", "probe: no newline"], response.OutputLines);
    }

    [Fact]
    public void Output_past_the_cap_is_cut_and_says_so()
    {
        var response = Serve("GET", world: World with { MaxOutputBytes = 30 });

        Assert.Null(response.Failure);
        Assert.Equal(["probe: hello on stdout", "probe: ", "[output truncated after 30 bytes]"], response.OutputLines);
    }

    [Fact]
    public void Without_settings_the_environment_is_empty()
    {
        var response = Serve("GET", world: WasiWorld.Empty);

        Assert.Null(response.Failure);
        Assert.StartsWith("--\n", Encoding.UTF8.GetString(response.Body.Span));
    }

    [Fact]
    public void A_timer_pollable_blocks_the_guest_until_its_time()
    {
        var response = Serve("POST");

        Assert.Null(response.Failure);
        var before = BinaryPrimitives.ReadUInt64LittleEndian(response.Body.Span);
        var after = BinaryPrimitives.ReadUInt64LittleEndian(response.Body.Span[8..]);
        Assert.True(after - before >= 300_000_000, $"slept {(after - before) / 1e6} ms, asked 300");
    }

    [Fact]
    public void A_sleep_past_the_requests_deadline_ends_as_a_handler_timeout()
    {
        // The guest asks for an hour; the request has one second.
        var response = Serve("PUT", TimeSpan.FromSeconds(1));

        Assert.Equal(WagiFailureKind.HandlerTimeout, response.FailureKind);
        Assert.Equal("the handler ran longer than 1 s", response.Failure);
    }

    [Fact]
    public void Exit_with_an_error_is_a_handler_exit()
    {
        var response = Serve("DELETE");

        Assert.Equal(WagiFailureKind.HandlerExit, response.FailureKind);
        Assert.Equal(HttpComponentRunner.ExitedWithError, response.Failure);
    }

    [Fact]
    public void Exit_with_ok_after_setting_a_response_answers_with_it()
    {
        var response = Serve("PATCH");

        Assert.Null(response.Failure);
        Assert.Equal(200, response.Status);
        Assert.Equal("exiting\n", Encoding.UTF8.GetString(response.Body.Span));
    }

    [Fact]
    public void Through_the_executor_the_environment_is_the_modules_env_and_the_output_lines_are_its_stderr_lines()
    {
        var engine = fixture.Engine;
        var settings = new WagiModuleSettings { Env = new Dictionary<string, string> { ["MODE"] = "test" } };
        using var module = new ComponentModule(engine, HttpComponent.Compile(engine.NativeEngine, "world-probe", WorldProbe), settings);

        using var result = new ComponentExecutor(engine).Execute(module, GuestHost.Get("/run/world-probe/"));

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.StartsWith("MODE=test\narg:world-probe\n--\n", Encoding.UTF8.GetString(result.Response!.Body.Span));
        Assert.Equal(["probe: hello on stdout", "probe: hello on stderr", "probe: no newline"], result.StderrLines);
    }

    [Theory]
    [InlineData("0.2.12")]
    [InlineData("0.2.99")]
    public void A_component_importing_a_newer_0_2_patch_than_mik_defines_links_and_runs(string version)
    {
        // Toolchains of today import wasi 0.2.12 (jco 1.35's preview1 adapter does), above mik's 0.2.6: Wasmtime's
        // linker matches 0.2.x imports by their 0.2 prefix, whichever patch is newer.
        // Every import at that version; the export (found by mik among 0.2.0..0.2.20) stays at 0.2.0.
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "guests", "components", "world-probe.wat"))
            .Replace("@0.2.0\"", $"@{version}\"", StringComparison.Ordinal).Replace("@0.2.3\"", $"@{version}\"", StringComparison.Ordinal)
            .Replace($"incoming-handler@{version}", "incoming-handler@0.2.0", StringComparison.Ordinal);
        var engine = fixture.Engine;
        using var linker = new HttpComponentLinker(engine.NativeEngine);
        using var component = HttpComponent.CompileText(engine.NativeEngine, "world-probe", text);

        var response = HttpComponentRunner.Run(engine, linker, component, new HttpIncomingRequest("GET", "/", new HttpFields()),
            TimeSpan.FromSeconds(30), 16L * 1024 * 1024, world: World);

        Assert.Null(response.Failure);
        Assert.StartsWith("GREETING=hello there\n", Encoding.UTF8.GetString(response.Body.Span));
    }

    private HttpComponentResponse Serve(string method, TimeSpan? timeout = null, WasiWorld? world = null)
    {
        var engine = fixture.Engine;
        using var linker = new HttpComponentLinker(engine.NativeEngine);
        using var component = HttpComponent.Compile(engine.NativeEngine, "world-probe", WorldProbe);
        return HttpComponentRunner.Run(engine, linker, component, new HttpIncomingRequest(method, "/", new HttpFields()),
            timeout ?? TimeSpan.FromSeconds(30), 16L * 1024 * 1024, world: world ?? World);
    }
}
