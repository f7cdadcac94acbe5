using Mik.Durable.Runtime.Components;
using Mik.Durable.Runtime.Tests.Support;
using Mik.Durable.Runtime.Wagi;

namespace Mik.Durable.Runtime.Tests.Components;

/// <summary>
/// When the server streams, a component reads its request body from the client as it arrives (no copy made before
/// it runs), still bounded by <c>max_body_mb</c> and the handler's deadline (docs/components.md, "Streaming"). The
/// guest is echo-http, which writes back its path and then the body, read 4 KiB at a time.
/// </summary>
public sealed class StreamedRequestBodyTests(EngineFixture fixture)
{
    private static readonly byte[] EchoHttp =
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "guests", "components", "echo-http.wasm"));

    [Fact]
    public void A_body_read_from_the_client_comes_back_whole_and_in_order_streamed()
    {
        var body = StreamingComponentTests.Pattern(300_000);
        var client = new TestClientConnection(body);

        var response = Serve(client);

        Assert.Null(response.Failure);
        Assert.True(response.Streamed);
        Assert.Equal([.. "/p"u8, .. body], client.Received.ToArray());
        Assert.False(client.RequestBodyTooLarge);
    }

    [Fact]
    public void A_read_past_max_body_fails_for_the_guest_and_says_the_body_was_too_large()
    {
        var client = new TestClientConnection(new byte[200_000]) { MaxRequestBodyBytes = 100_000 };

        var response = Serve(client);

        // echo-http traps on a read that fails (last-operation-failed), which is not the end of the body (closed).
        Assert.Equal(WagiFailureKind.HandlerTrap, response.FailureKind);
        Assert.True(client.RequestBodyTooLarge);
    }

    [Fact]
    public void A_client_that_stops_sending_holds_the_guest_only_until_its_deadline()
    {
        var client = new TestClientConnection(new byte[10]) { Sends = false };

        var response = Serve(client, TimeSpan.FromSeconds(1));

        Assert.Equal(WagiFailureKind.HandlerTimeout, response.FailureKind);
        Assert.Contains("deadline passed while reading the request body", response.Failure);
    }

    private HttpComponentResponse Serve(TestClientConnection client, TimeSpan? timeout = null)
    {
        var engine = fixture.Engine;
        using var linker = new HttpComponentLinker(engine.NativeEngine);
        using var component = HttpComponent.Compile(engine.NativeEngine, "echo-http", EchoHttp);
        return HttpComponentRunner.Run(engine, linker, component, new HttpIncomingRequest("POST", "/p", new HttpFields()),
            timeout ?? TimeSpan.FromSeconds(30), 16L * 1024 * 1024, long.MaxValue, connection: client);
    }
}
