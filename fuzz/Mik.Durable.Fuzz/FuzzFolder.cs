namespace Mik.Durable.Fuzz;

/// <summary>A temporary folder of a target's own, removed with it.</summary>
internal sealed class FuzzFolder : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("mik-fuzz-").FullName;

    public string Sub(string name) => Directory.CreateDirectory(Path.Combine(Root, name)).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary folder is harmless; failing a fuzz run over it is not.
        }
    }
}
