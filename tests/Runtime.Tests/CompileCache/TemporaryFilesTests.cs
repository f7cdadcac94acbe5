using System.Diagnostics;
using Mik.Durable.Runtime.CompileCache;

namespace Mik.Durable.Runtime.Tests.CompileCache;

/// <summary>
/// The start-up sweep of the modules folder (docs/runtime.md, The modules folder): a dead writer's temporary file
/// goes, a running writer's stays, whatever else is in the folder stays.
/// </summary>
public sealed class TemporaryFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mik-tmpfiles-").FullName;

    [Fact]
    public void The_sweep_removes_a_dead_writers_temporary_files_and_keeps_a_running_writers_and_everything_else()
    {
        var mine = Touch(Path.GetFileName(TemporaryFiles.Beside(Path.Combine(_dir, "a.wasm"))));
        var dead = Touch(WithWriter(mine, $"{ExitedPid()}-123-{Host}"));
        var pidReused = Touch(WithWriter(mine, $"{Environment.ProcessId}-1-{Host}"));
        var otherMachine = Touch(WithWriter(mine, $"{ExitedPid()}-123-elsewhere"));
        var notOurs = Touch("notes.tmp");
        var module = Touch("a.wasm");

        var removed = TemporaryFiles.Sweep(_dir);

        Assert.Equal(new[] { dead, pidReused }.Order(), removed.Order());
        Assert.Equal(new[] { mine, module, notOurs, otherMachine }.Order(), Directory.GetFiles(_dir).Order());
    }

    private static string Host => Environment.MachineName.Replace('.', '_');

    /// <summary><paramref name="path"/> with its writer field (pid-start-host) replaced.</summary>
    private static string WithWriter(string path, string writer)
    {
        var parts = Path.GetFileName(path).Split('.');
        parts[^3] = writer;
        return string.Join('.', parts);
    }

    private string Touch(string name)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, "x");
        return path;
    }

    private static int ExitedPid()
    {
        using var process = Process.Start("true")!;
        process.WaitForExit();
        return process.Id;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
