using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;
using Mik.Durable.Tests.Shared;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary><c>mik validate</c> through the published binary: can each file run as a handler here, and if not why.</summary>
public sealed partial class CliValidateTests : IDisposable
{
    // (func) imported as env.foo, and a _start that does nothing: nothing provides env.foo, which is only a warning.
    private static readonly byte[] ImportsUnknownFunction =
    [
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
        0x02, 0x0b, 0x01, 0x03, (byte)'e', (byte)'n', (byte)'v', 0x03, (byte)'f', (byte)'o', (byte)'o', 0x00, 0x00,
        0x03, 0x02, 0x01, 0x00,
        0x07, 0x0a, 0x01, 0x06, (byte)'_', (byte)'s', (byte)'t', (byte)'a', (byte)'r', (byte)'t', 0x00, 0x01,
        0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b,
    ];

    private readonly string _dir = Directory.CreateTempSubdirectory("mik-validate-").FullName;

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private Task<CliResult> ValidateAsync(params string[] args) => MikCli.RunAsync(_dir, ["validate", .. args]);

    private static List<JsonElement> Reports(CliResult result) =>
        [.. result.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement)];

    [Fact]
    public async Task Every_test_guest_that_has_an_entrypoint_can_run_and_its_imports_and_exports_are_listed()
    {
        var guests = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "guests"), "*.wasm")
            .Where(g => Path.GetFileName(g) is not "nostart.wasm" and not "big.wasm").ToArray();

        var result = await ValidateAsync(guests);

        Assert.Equal(0, result.ExitCode);
        var reports = Reports(result);
        Assert.Equal(guests.Length, reports.Count);
        Assert.All(reports, r => Assert.True(r.GetProperty("ok").GetBoolean(), r.ToString()));
        var hello = reports.Single(r => r.GetProperty("file").GetString()!.EndsWith("/hello.wasm", StringComparison.Ordinal));
        Assert.Contains("wasi_snapshot_preview1.fd_write", hello.GetProperty("imports").EnumerateArray().Select(i => i.GetString()));
        Assert.Contains("_start", hello.GetProperty("exports").EnumerateArray().Select(e => e.GetString()));
        Assert.Empty(hello.GetProperty("errors").EnumerateArray());
    }

    [Fact]
    public async Task A_text_file_a_truncated_module_an_unknown_import_a_component_without_handler_and_no_entrypoint_each_get_their_own_reason()
    {
        var text = Write("notes.wasm", "this is a text file\n"u8.ToArray());
        var truncated = Write("truncated.wasm", File.ReadAllBytes(MikSandbox.GuestPath("echo"))[..100]);
        var unknownImport = Write("memory.wasm", WasmBinaries.ImportsUnknownMemory);
        var component = Write("component.wasm", WasmBinaries.Component);
        var nostart = MikSandbox.GuestPath("nostart");

        var result = await ValidateAsync("--json", "false", text, truncated, unknownImport, component, nostart);

        Assert.Equal(1, result.ExitCode);
        string Error(string file) => Assert.Single(result.StdoutLines, l => l.StartsWith(file + ": error: ", StringComparison.Ordinal));
        Assert.Contains("not a WebAssembly module", Error(text));
        Assert.Contains("does not compile on this engine", Error(truncated));
        Assert.Contains("cannot link the module's imports", Error(unknownImport));
        Assert.Contains("env", Error(unknownImport));
        Assert.Contains("does not export wasi:http/incoming-handler", Error(component));
        Assert.Contains("exports no function '_start'", Error(nostart));
        Assert.DoesNotContain(result.StdoutLines, l => l.Contains(": ok", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_component_is_named_with_its_world_and_each_import_mik_does_not_provide_is_one_error_line()
    {
        var hello = Path.Combine(AppContext.BaseDirectory, "guests", "components", "hello-http.wasm");
        var foreign = Path.Combine(AppContext.BaseDirectory, "guests", "components", "foreign-imports.wasm");

        var text = await ValidateAsync("--json", "false", hello, foreign);

        Assert.Equal(1, text.ExitCode);
        Assert.Equal(
        [
            $"{hello}: ok: can run as a handler",
            "  component: wasi:http/proxy world",
            "  exports: wasi:http/incoming-handler@0.2.0",
            $"{foreign}: error: imports resource network of wasi:sockets/network@0.2.0, which mik does not provide",
            $"{foreign}: error: imports function frob of example:unprovided/thing@0.1.0, which mik does not provide",
            "  component: wasi:http/proxy world",
            "  exports: wasi:http/incoming-handler@0.2.0",
        ], text.StdoutLines);

        var json = Reports(await ValidateAsync(hello));
        var report = Assert.Single(json);
        Assert.Equal(("component", "wasi:http/proxy", true),
            (report.GetProperty("kind").GetString(), report.GetProperty("world").GetString(), report.GetProperty("ok").GetBoolean()));
        // A core module's report is what it was: no kind, no world.
        var module = Assert.Single(Reports(await ValidateAsync(MikSandbox.GuestPath("hello"))));
        Assert.False(module.TryGetProperty("kind", out _));
    }

    [Fact]
    public async Task A_function_import_nothing_provides_is_a_warning_not_a_failure()
    {
        var path = Write("calls-foo.wasm", ImportsUnknownFunction);

        var result = await ValidateAsync(path);

        Assert.Equal(0, result.ExitCode);
        var report = Assert.Single(Reports(result));
        Assert.True(report.GetProperty("ok").GetBoolean());
        var warning = Assert.Single(report.GetProperty("warnings").EnumerateArray()).GetString();
        Assert.Contains("env.foo", warning);
        Assert.Contains("handler_trap", warning);
    }

    [Fact]
    public async Task The_configured_entrypoint_is_the_one_looked_for()
    {
        // Not ./mik.toml: that one would be found without --config too.
        var config = Path.Combine(_dir, "entry.toml");
        await File.WriteAllTextAsync(config, "[modules.nostart]\nentrypoint = \"main\"\n", TestContext.Current.CancellationToken);

        var withConfig = await ValidateAsync("--config", config, MikSandbox.GuestPath("nostart"));
        var without = await ValidateAsync(MikSandbox.GuestPath("nostart"));

        Assert.Equal(0, withConfig.ExitCode);
        Assert.Equal(1, without.ExitCode);
    }

    [Fact]
    public async Task A_directory_a_missing_file_and_a_fifo_are_reported_without_being_opened_for_reading()
    {
        var fifo = Path.Combine(_dir, "pipe.wasm");
        Assert.Equal(0, MkFifo(fifo));

        var result = await ValidateAsync("--json", "false", _dir, Path.Combine(_dir, "missing.wasm"), fifo);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.StdoutLines, l => l.StartsWith(_dir + ": error: is a directory", StringComparison.Ordinal));
        Assert.Contains(result.StdoutLines, l => l == Path.Combine(_dir, "missing.wasm") + ": error: no such file");
        Assert.Contains(result.StdoutLines, l => l.StartsWith(fifo + ": error: is a FIFO", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_file_is_a_usage_error_and_a_bad_config_is_one_line()
    {
        var none = await ValidateAsync();
        Assert.Equal(2, none.ExitCode);
        Assert.StartsWith("mik: ", none.Stderr, StringComparison.Ordinal);

        var badConfig = Write("bad.toml", "[server\n"u8.ToArray());
        var result = await ValidateAsync("--config", badConfig, MikSandbox.GuestPath("hello"));
        result.AssertOneLineError(1);
    }

    [Fact]
    public async Task On_a_terminal_the_report_is_text_not_json()
    {
        // script(1) gives mik a pseudo-terminal as stdout.
        var result = await MikCli.RunProgramAsync("/usr/bin/script", _dir, "-qec",
            $"'{MikBinary.Path}' validate '{MikSandbox.GuestPath("hello")}'", "/dev/null");

        Assert.Equal(0, result.ExitCode);
        var text = System.Text.RegularExpressions.Regex.Replace(result.Stdout, @"\x1b(\[[0-9;?]*[A-Za-z]|[=>])", "");
        Assert.Contains("hello.wasm: ok: can run as a handler", text);
        Assert.DoesNotContain("{", text);
    }

    private static int MkFifo(string path) => mkfifo(path, 0x1b6);

    [System.Runtime.InteropServices.LibraryImport("libc", StringMarshalling = System.Runtime.InteropServices.StringMarshalling.Utf8)]
    private static partial int mkfifo(string path, uint mode);

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
