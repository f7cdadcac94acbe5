namespace Mik.Durable.EndToEnd.Tests.Support;

/// <summary>The published <c>mik</c> executable the end-to-end tests run (scripts/test.sh publishes it).</summary>
internal static class MikBinary
{
    public static string Path
    {
        get
        {
            if (Environment.GetEnvironmentVariable("MIK_BINARY") is { Length: > 0 } configured) return configured;
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "artifacts", "mik", "mik");
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "Mik.Durable.sln")))
                    return File.Exists(candidate)
                        ? candidate
                        : throw new InvalidOperationException($"{candidate} does not exist: run scripts/test.sh, which publishes it.");
            }
            throw new InvalidOperationException("MIK_BINARY is not set and the repository root was not found.");
        }
    }
}
