namespace Mik.Durable.Runtime.Registry;

/// <summary>
/// What a client is told about a module that cannot run. A problem's full text (the admin API's <c>problem</c>, the
/// log) may name host paths or quote the file's first bytes, and the file may be a symlink to anything on the host;
/// the runtime error body gets only the kind of problem. Problems about the module's own WebAssembly (does not
/// compile, cannot be linked, no entrypoint) are the guest author's to read and are passed on as they are.
/// </summary>
internal static class ModuleProblems
{
    public const string NotWasm = "not a WebAssembly module";
    public const string Unreadable = "the module's file cannot be read";
    public const string NotAFile = "the module's file is not a regular file";
    public const string FolderMissing = "the modules folder is missing";

    private static readonly string[] HostDetails = [NotWasm, Unreadable, NotAFile, FolderMissing];

    /// <summary>Whether <paramref name="problem"/> is about reaching the file rather than about its bytes.</summary>
    public static bool IsTransient(string? problem) =>
        problem is not null && (problem.StartsWith(Unreadable, StringComparison.Ordinal) || problem.StartsWith(FolderMissing, StringComparison.Ordinal));

    /// <summary>The problem as a client may see it: <paramref name="problem"/> without the host details after its kind.</summary>
    public static string ForClient(string problem)
    {
        foreach (var kind in HostDetails)
        {
            if (problem.StartsWith(kind, StringComparison.Ordinal)) return kind;
        }
        return problem;
    }
}
