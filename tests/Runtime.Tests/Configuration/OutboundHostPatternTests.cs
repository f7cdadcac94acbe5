using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Runtime.Tests.Configuration;

/// <summary><c>allowed_outbound_hosts</c> entries read as Spin reads them: which calls each one lets out.</summary>
public sealed class OutboundHostPatternTests
{
    [Theory]
    [InlineData("https://api.example.com", "https", "api.example.com", 443, true)]
    [InlineData("https://api.example.com", "http", "api.example.com", 80, false)]
    [InlineData("https://api.example.com", "https", "api.example.com", 8443, false)]
    [InlineData("https://api.example.com", "https", "evil.example.com", 443, false)]
    [InlineData("HTTPS://API.Example.com/", "https", "api.example.com", 443, true)]
    [InlineData("http://127.0.0.1:8080", "http", "127.0.0.1", 8080, true)]
    [InlineData("http://127.0.0.1:8080", "http", "127.0.0.1", 8081, false)]
    [InlineData("http://localhost:*", "http", "localhost", 5000, true)]
    [InlineData("https://*.example.com", "https", "a.b.example.com", 443, true)]
    [InlineData("https://*.example.com", "https", "example.com", 443, false)]
    [InlineData("https://*.example.com", "https", "notexample.com", 443, false)]
    [InlineData("*://localhost:9000", "http", "localhost", 9000, true)]
    [InlineData("*://localhost:9000", "https", "localhost", 9000, true)]
    [InlineData("*://*:*", "http", "anything.anywhere", 1, true)]
    [InlineData("http://[::1]:8080", "http", "[::1]", 8080, true)]
    public void An_entry_allows_exactly_its_scheme_host_and_port(string entry, string scheme, string host, int port, bool allowed)
    {
        var pattern = OutboundHostPattern.Parse(entry, out var problem);

        Assert.Null(problem);
        Assert.Equal(allowed, pattern!.Allows(scheme, host, port));
    }
}
