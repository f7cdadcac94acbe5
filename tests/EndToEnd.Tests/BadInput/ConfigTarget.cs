namespace Mik.Durable.EndToEnd.Tests.BadInput;

/// <summary>What the config path names: the sandbox's file, or something that is no readable file.</summary>
internal enum ConfigTarget
{
    /// <summary><c>--config</c> names the sandbox's mik.toml.</summary>
    File,

    /// <summary><c>--config</c> names a folder.</summary>
    Folder,

    /// <summary><c>--config</c> names a FIFO nothing ever writes to.</summary>
    Fifo,

    /// <summary><c>--config</c> names a file that does not exist.</summary>
    Missing,

    /// <summary><c>--config</c> names a file of mode 000, and mik runs as <c>nobody</c> (root reads anything).</summary>
    UnreadableAsNobody,

    /// <summary>No <c>--config</c>; <c>MIK_CONFIG</c> names a folder.</summary>
    EnvFolder,
}
