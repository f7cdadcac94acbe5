namespace Mik.Durable.Runtime.Files;

internal static class FileKindNames
{
    /// <summary>The kind in words, for a log line or a module's problem ("a FIFO").</summary>
    public static string Describe(this FileKind kind) => kind switch
    {
        FileKind.Missing => "missing",
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a directory",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.Socket => "a socket",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.DanglingSymlink => "a symlink that leads to no file",
        _ => "not a regular file",
    };

    /// <summary>The kind as a snake_case field value ("fifo").</summary>
    public static string ToFieldValue(this FileKind kind) => kind switch
    {
        FileKind.CharacterDevice => "character_device",
        FileKind.BlockDevice => "block_device",
        FileKind.DanglingSymlink => "dangling_symlink",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
