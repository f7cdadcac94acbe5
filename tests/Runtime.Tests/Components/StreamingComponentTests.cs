using Mik.Durable.Runtime.Components;
using Mik.Durable.Runtime.Tests.Support;
using Mik.Durable.Runtime.Wagi;

namespace Mik.Durable.Runtime.Tests.Components;

/// <summary>
/// When the server streams (docs/components.md, "Streaming"): a small response is held and answered whole, a large
/// one goes to the client while the guest writes it, and a failure once it went can only cut it off. The guest is
/// stream-large (its query: the body's size, then how it ends).
/// </summary>
public sealed class StreamingComponentTests(EngineFixture fixture)
{
    private static readonly byte[] StreamLarge =
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "guests", "components", "stream-large.wasm"));

    [Fact]
    public void A_large_body_reaches_the_client_in_pieces_while_the_guest_writes_it()
    {
        var client = new TestClientConnection();

        var response = Serve("/?1000000", client);

        Assert.Null(response.Failure);
        Assert.True(response.Streamed);
        Assert.Equal(200, client.Status);
        Assert.Equal(Pattern(1_000_000), client.Received.ToArray());
        Assert.True(response.Body.IsEmpty);
        // The host held at most the buffer plus one 64 KiB write before passing bytes on, never the whole body.
        Assert.True(client.Flushes.Count > 10, $"{client.Flushes.Count} flushes");
        Assert.All(client.Flushes, sent => Assert.InRange(sent, 1, HttpStreaming.BufferedBytes + 64 * 1024));
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(HttpStreaming.BufferedBytes)]
    public void A_body_within_the_buffer_is_answered_whole_as_before(int size)
    {
        var client = new TestClientConnection();

        var response = Serve($"/?{size}", client);

        Assert.Null(response.Failure);
        Assert.False(response.Streamed);
        Assert.Null(client.Status);
        Assert.Equal(Pattern(size), response.Body.ToArray());
    }

    [Fact]
    public void A_trap_after_the_response_went_is_a_handler_trap_and_the_client_got_only_part()
    {
        var client = new TestClientConnection();

        var response = Serve("/?200000t", client);

        Assert.Equal(WagiFailureKind.HandlerTrap, response.FailureKind);
        Assert.Equal(200, client.Status);
        Assert.Equal(200_000, client.Received.Length);
    }

    [Theory]
    [InlineData("/?10u")]
    [InlineData("/?200000u")]
    public void A_body_never_finished_is_invalid_handler_output_whether_or_not_it_went(string query)
    {
        var response = Serve(query, new TestClientConnection());

        Assert.Equal(WagiFailureKind.InvalidHandlerOutput, response.FailureKind);
        Assert.Equal(HttpComponentRunner.Unfinished, response.Failure);
    }

    [Fact]
    public void A_body_never_finished_is_invalid_handler_output_without_streaming_too()
    {
        var response = Serve("/?10u", connection: null);

        Assert.Equal(WagiFailureKind.InvalidHandlerOutput, response.FailureKind);
        Assert.Equal(HttpComponentRunner.Unfinished, response.Failure);
    }

    [Fact]
    public void A_client_that_stops_reading_holds_the_guest_only_until_its_deadline()
    {
        var client = new TestClientConnection { Reads = false };

        var response = Serve("/?1000000", client, TimeSpan.FromSeconds(1));

        Assert.Equal(WagiFailureKind.HandlerTimeout, response.FailureKind);
        Assert.Contains("deadline passed while sending the response body", response.Failure);
        Assert.Equal(200, client.Status);
    }

    [Fact]
    public void The_output_cap_holds_for_a_streamed_body_after_the_response_went()
    {
        var client = new TestClientConnection();

        var response = Serve("/?1000000", client, maxBodyBytes: 300_000);

        Assert.Equal(WagiFailureKind.OutputTooLarge, response.FailureKind);
        Assert.Equal(200, client.Status);
        Assert.InRange(client.Received.Length, HttpStreaming.BufferedBytes, 300_000);
    }

    internal static byte[] Pattern(int size) => [.. Enumerable.Range(0, size).Select(i => (byte)(i % 251))];

    private HttpComponentResponse Serve(string path, TestClientConnection? connection, TimeSpan? timeout = null,
        long maxBodyBytes = long.MaxValue)
    {
        var engine = fixture.Engine;
        using var linker = new HttpComponentLinker(engine.NativeEngine);
        using var component = HttpComponent.Compile(engine.NativeEngine, "stream-large", StreamLarge);
        return HttpComponentRunner.Run(engine, linker, component, new HttpIncomingRequest("GET", path, new HttpFields()),
            timeout ?? TimeSpan.FromSeconds(30), 16L * 1024 * 1024, maxBodyBytes, connection: connection);
    }
}
