using System.Net.Sockets;
using Mik.Durable.Api.Logging;
using Npgsql;
using Serilog.Events;
using Serilog.Parsing;

namespace Mik.Durable.Api.Tests.Logging;

public sealed class DatabaseOutageNoiseTests
{
    private static readonly Exception ConnectionRefused =
        new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused));

    private static LogEvent Error(string source, Exception exception) => new(
        DateTimeOffset.UtcNow, LogEventLevel.Error, exception, new MessageTemplateParser().Parse("failed"),
        [new LogEventProperty("SourceContext", new ScalarValue(source))]);

    [Theory]
    [InlineData("Marten.Events.Daemon.Coordination.ProjectionCoordinator")]
    [InlineData("Weasel.Postgresql.AdvisoryLock")]
    [InlineData("JasperFx.Events")]
    public void A_lost_connection_logged_by_the_event_store_libraries_is_dropped(string source)
    {
        Assert.True(DatabaseOutageNoise.IsNoise(Error(source, ConnectionRefused)));
        Assert.True(DatabaseOutageNoise.IsNoise(Error(source, new InvalidOperationException("wrapped", ConnectionRefused))));
    }

    [Fact]
    public void Other_errors_of_those_libraries_and_mik_s_own_lines_stay()
    {
        Assert.False(DatabaseOutageNoise.IsNoise(Error("Marten.IDocumentStore", new InvalidOperationException("a bug"))));
        Assert.False(DatabaseOutageNoise.IsNoise(Error("Mik.Durable.Api.EventStore.EventStoreMonitor", ConnectionRefused)));
        Assert.False(DatabaseOutageNoise.IsNoise(Error("MartenLookalike", ConnectionRefused)));
    }
}
