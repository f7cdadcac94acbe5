using System.Security.Cryptography;

namespace Mik.Durable.Api.EventStore.Embedded;

/// <summary>A generated password in a file of its own, mode 0600, written whole or not at all.</summary>
internal static class PasswordFile
{
    public static string Generate() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public static string? Read(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : null;

    public static void Write(string path, string password)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, "");
        File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(temp, password);
        File.Move(temp, path, overwrite: true);
    }
}
