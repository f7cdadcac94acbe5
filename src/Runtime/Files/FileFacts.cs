namespace Mik.Durable.Runtime.Files;

/// <summary>What <c>stat</c> says about a file: its kind, size and modification time (UTC, as .NET's FileInfo has it).</summary>
internal readonly record struct FileFacts(FileKind Kind, long Size, DateTime LastWriteUtc)
{
    public static FileFacts Missing { get; } = new(FileKind.Missing, 0, DateTime.MinValue);
}
