using System.Text;
using System.Text.Json;

namespace Mik.Durable.EndToEnd.Tests.Secrets;

/// <summary>The canary search itself: a zero from it means something only if it finds each form a secret can leave in.</summary>
public sealed class CanaryScanTests
{
    private const string Canary = "canary-key+0123abcd/k=";

    public static TheoryData<string, string> Leaks()
    {
        var bytes = Encoding.UTF8.GetBytes(Canary);
        var line = JsonSerializer.Serialize(new { message = "auth_failure", sent = Canary });
        return new()
        {
            { "plain", $"x {Canary} y" },
            { "other case", Canary.ToUpperInvariant() },
            { "url-encoded", "?k=" + Uri.EscapeDataString(Canary) },
            { "hex", Convert.ToHexString(bytes).ToLowerInvariant() },
            { "base64 at offset 0", Convert.ToBase64String(bytes) },
            { "base64 at offset 1", Convert.ToBase64String([.. "a"u8, .. bytes, .. "bc"u8]) },
            { "base64 at offset 2", Convert.ToBase64String([.. "ab"u8, .. bytes]) },
            { "base64url", Convert.ToBase64String([.. "a"u8, .. bytes]).Replace('+', '-').Replace('/', '_') },
            { "a JSON log line", line },
            { "a log line inside a Loki push", JsonSerializer.Serialize(new { values = new[] { new[] { "1", line } } }) },
        };
    }

    [Theory]
    [MemberData(nameof(Leaks))]
    public void Finds_the_canary(string form, string text)
    {
        var scan = new CanaryScan(("key", Canary));
        scan.Check(form, text);
        Assert.NotEmpty(scan.Hits);
    }

    [Fact]
    public void Finds_nothing_in_text_without_it()
    {
        var scan = new CanaryScan(("key", Canary));
        scan.Check("near misses", $"canary-key 0123abcd k {Convert.ToBase64String("canary-key"u8)} {Uri.EscapeDataString("canary-key+0123")}");
        Assert.Empty(scan.Hits);
        Assert.Equal(1, scan.Places);
    }
}
