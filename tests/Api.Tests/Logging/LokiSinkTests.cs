using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Mik.Durable.Api.Logging;
using Mik.Durable.Api.Tests.Support;
using Mik.Durable.Runtime.Configuration;
using Serilog.Events;
using Serilog.Parsing;

namespace Mik.Durable.Api.Tests.Logging;

/// <summary>The Loki sink against an HTTP receiver that checks the push API's rules (docs/operations.md, Shipping logs to Loki).</summary>
public sealed class LokiSinkTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        public ConcurrentQueue<(string ContentType, string ContentEncoding, JsonElement Body)> Pushes { get; } = new();
        public int Port { get; } = FreePort.Next();

        public Receiver()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
            _app = builder.Build();
            _app.MapPost("/loki/api/v1/push", async (HttpRequest request) =>
            {
                var encoding = request.Headers.ContentEncoding.ToString();
                await using var stream = encoding == "gzip" ? new System.IO.Compression.GZipStream(request.Body, System.IO.Compression.CompressionMode.Decompress) : request.Body;
                var body = await JsonSerializer.DeserializeAsync<JsonElement>(stream);
                Pushes.Enqueue((request.ContentType ?? "", encoding, body));
                return Results.NoContent();
            });
        }

        public Task StartAsync() => _app.StartAsync(Ct);
        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }

    [Fact]
    public async Task Lines_reach_Loki_as_JSON_streams_with_few_labels_and_string_nanosecond_timestamps()
    {
        await using var loki = new Receiver();
        await loki.StartAsync();
        var before = DateTimeOffset.UtcNow;

        await using (var logger = LoggingSetup.CreateLogger(new LoggingOptions { LokiUrl = $"http://127.0.0.1:{loki.Port}" }))
        {
            logger.ForContext("SourceContext", LogTargets.Request).Information("request_completed {status}", 200);
            logger.ForContext("SourceContext", LogTargets.Server).Warning("server_drain_timed_out");
        }

        Assert.NotEmpty(loki.Pushes);
        Assert.All(loki.Pushes, p => Assert.StartsWith("application/json", p.ContentType));
        Assert.All(loki.Pushes, p => Assert.Equal("gzip", p.ContentEncoding));
        var streams = loki.Pushes.SelectMany(p => p.Body.GetProperty("streams").EnumerateArray()).ToList();
        Assert.Equal(["INFO", "WARN"], streams.Select(s => s.GetProperty("stream").GetProperty("level").GetString()).Order());
        foreach (var stream in streams)
        {
            var labels = stream.GetProperty("stream").EnumerateObject().Select(p => p.Name).Order();
            Assert.Equal(["app", "instance", "level"], labels);
            Assert.Equal("mik", stream.GetProperty("stream").GetProperty("app").GetString());
            var value = Assert.Single(stream.GetProperty("values").EnumerateArray());
            Assert.Equal(JsonValueKind.String, value[0].ValueKind);
            var nanos = long.Parse(value[0].GetString()!);
            Assert.InRange(nanos, before.ToUnixTimeMilliseconds() * 1_000_000 - 1_000_000_000, long.MaxValue);
            using var line = JsonDocument.Parse(value[1].GetString()!);
            Assert.True(line.RootElement.TryGetProperty("message", out _));
        }
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.BadRequest, false)]
    public async Task Overload_and_server_errors_are_retried_but_a_refused_batch_is_not(HttpStatusCode status, bool retried)
    {
        using var sink = new LokiSink(new Uri("http://loki.invalid/"), "host", new MikJsonFormatter(), new Answer(status));
        var logEvent = new LogEvent(DateTimeOffset.UtcNow, LogEventLevel.Information, null,
            new MessageTemplateParser().Parse("x"), []);

        var emit = sink.EmitBatchAsync([logEvent]);
        if (retried) await Assert.ThrowsAsync<HttpRequestException>(() => emit);
        else await emit;
    }

    [Fact]
    public async Task A_user_and_password_in_the_URL_are_sent_as_Basic_authorization_and_not_in_the_request_line()
    {
        var seen = new Answer(HttpStatusCode.NoContent);
        using var sink = new LokiSink(new Uri("https://tenant-7:s3cr%40t@logs.example/"), "host", new MikJsonFormatter(), seen);
        var logEvent = new LogEvent(DateTimeOffset.UtcNow, LogEventLevel.Information, null, new MessageTemplateParser().Parse("x"), []);

        await sink.EmitBatchAsync([logEvent]);

        var request = Assert.Single(seen.Requests);
        Assert.Equal("https://logs.example/loki/api/v1/push", request.Uri);
        Assert.Equal("Basic " + Convert.ToBase64String("tenant-7:s3cr@t"u8.ToArray()), request.Authorization);
    }

    private sealed class Answer(HttpStatusCode status) : HttpMessageHandler
    {
        public ConcurrentQueue<(string Uri, string? Authorization)> Requests { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Enqueue((request.RequestUri!.AbsoluteUri, request.Headers.Authorization?.ToString()));
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent("nope") });
        }
    }
}
