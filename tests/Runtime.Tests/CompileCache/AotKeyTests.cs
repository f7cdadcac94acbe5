using Microsoft.Extensions.Logging.Abstractions;
using Mik.Durable.Runtime.CompileCache;

namespace Mik.Durable.Runtime.Tests.CompileCache;

public sealed class AotKeyTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _root = Directory.CreateTempSubdirectory("mik-aot-key-").FullName;
    private static readonly byte[] Data = "an artifact header"u8.ToArray();

    private string StateDir => Path.Combine(_root, "state");
    private string KeyPath => Path.Combine(StateDir, AotKey.FileName);
    private AotKey Key() => new(StateDir, NullLogger.Instance);

    [Fact]
    public void The_key_is_created_on_first_need_in_the_state_dir_readable_by_its_owner_only_and_kept()
    {
        var key = Key();
        Assert.False(Directory.Exists(StateDir));

        var mac = key.Mac(Data);
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(KeyPath));
        Assert.Equal(AotKey.Size, new FileInfo(KeyPath).Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(StateDir));
        Assert.True(Key().Verifies(Data, mac));
        Assert.False(Key().Verifies("another header"u8, mac));
    }

    [Fact]
    public void A_key_file_others_can_read_is_replaced_and_nothing_made_with_the_old_key_verifies()
    {
        var mac = Key().Mac(Data);
        File.SetUnixFileMode(KeyPath, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        Assert.False(Key().Verifies(Data, mac));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(KeyPath));
        Assert.Equal(AotKey.Size, new FileInfo(KeyPath).Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(64)]
    public void A_key_file_of_the_wrong_size_is_replaced(int size)
    {
        Directory.CreateDirectory(StateDir);
        File.WriteAllBytes(KeyPath, new byte[size]);
        File.SetUnixFileMode(KeyPath, OwnerOnly);

        var mac = Key().Mac(Data);
        Assert.Equal(AotKey.Size, new FileInfo(KeyPath).Length);
        Assert.True(Key().Verifies(Data, mac));
    }

    [Fact]
    public void A_state_dir_where_no_key_can_be_created_is_a_clear_error()
    {
        File.WriteAllText(StateDir, "a file, not a folder");
        var e = Assert.Throws<AotKeyException>(() => Key().Mac(Data));
        Assert.Contains(KeyPath, e.Message);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
