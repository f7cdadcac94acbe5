namespace Mik.Durable.Runtime.Files;

/// <summary>What a path is, as <c>stat</c> sees it (through symlinks, unless it is a dangling one).</summary>
internal enum FileKind
{
    Missing,
    Regular,
    Directory,
    Fifo,
    Socket,
    CharacterDevice,
    BlockDevice,
    DanglingSymlink,
    Other,
}
