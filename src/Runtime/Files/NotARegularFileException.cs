namespace Mik.Durable.Runtime.Files;

/// <summary>A path that was to be read is a FIFO, socket, device or directory: it was not read (reading could block).</summary>
internal sealed class NotARegularFileException(string path, FileKind kind)
    : IOException($"{System.IO.Path.GetFileName(path)} is {kind.Describe()}, not a regular file")
{
    public FileKind Kind { get; } = kind;
}
