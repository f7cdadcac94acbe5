namespace Mik.Durable.Diagnostics.Tests.Host;

/// <summary>A stand-in <c>/proc</c> in a temporary folder: processes with their fd links, <c>locks</c>, <c>net/tcp</c>.</summary>
internal sealed class FakeProc : IDisposable
{
    public FakeProc()
    {
        Root = Path.Combine(Path.GetTempPath(), "fake-proc-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Process <paramref name="pid"/> named <paramref name="name"/> with fds linking to <paramref name="targets"/>.</summary>
    public FakeProc Process(int pid, string name, params string[] targets)
    {
        var fd = Path.Combine(Root, pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "fd");
        Directory.CreateDirectory(fd);
        File.WriteAllText(Path.Combine(Root, pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "comm"), name + "\n");
        for (var i = 0; i < targets.Length; i++) File.CreateSymbolicLink(Path.Combine(fd, (i + 3).ToString(System.Globalization.CultureInfo.InvariantCulture)), targets[i]);
        return this;
    }

    public FakeProc WriteFile(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(Root, path))!);
        File.WriteAllText(Path.Combine(Root, path), text);
        return this;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
