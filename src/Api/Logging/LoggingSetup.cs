using System.Diagnostics;
using Mik.Durable.Api.Requests;
using Mik.Durable.Runtime.Configuration;
using Serilog;
using Serilog.Configuration;
using Serilog.Events;

namespace Mik.Durable.Api.Logging;

/// <summary>Serilog wiring: JSON lines on stdout (and the optional file), queued off the request path.</summary>
internal static class LoggingSetup
{
    // Makes ASP.NET Core create a request Activity (honouring an incoming W3C traceparent) whatever
    // else listens, so every request's log lines carry span.trace_id. Ids are all mik uses of it: nothing exports
    // spans, so the Activity is not asked to record (no end-of-request tags).
    private static readonly ActivityListener RequestActivities = new()
    {
        ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
        Sample = (ref _) => ActivitySamplingResult.PropagationData,
    };

    static LoggingSetup() => ActivitySource.AddActivityListener(RequestActivities);

    /// <summary>Routes the host's logging into <paramref name="logger"/>, which the caller owns and disposes (flushes).</summary>
    public static WebApplicationBuilder AddMikLogging(this WebApplicationBuilder builder, Serilog.ILogger logger)
    {
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog(logger, dispose: false);
        builder.Services.AddSingleton(new RequestLog(logger));
        return builder;
    }

    /// <param name="secrets">Values no line may carry, whatever a client sent (<see cref="SecretMask"/>).</param>
    public static Serilog.Core.Logger CreateLogger(LoggingOptions options, SecretMask? secrets = null)
    {
        var formatter = new MikJsonFormatter();
        var configuration = Filtered(options)
            .Enrich.With(new SecretMaskEnricher(secrets ?? new SecretMask([])))
            .WriteTo.Sink(new StdoutSink(formatter, priorityPrefix: JournalStream.IsStdout(Environment.GetEnvironmentVariable("JOURNAL_STREAM"))));
        if (options.File.Length > 0)
        {
            configuration = configuration.WriteTo.Async(a => a.File(formatter, options.File,
                rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14, buffered: true,
                flushToDiskInterval: TimeSpan.FromSeconds(1)), bufferSize: 100_000);
        }
        if (options.LokiUrl.Length > 0)
        {
            var baseUrl = new Uri(options.LokiUrl.EndsWith('/') ? options.LokiUrl : options.LokiUrl + "/");
            configuration = configuration.WriteTo.Sink(new LokiSink(baseUrl, Environment.MachineName, formatter), new BatchingOptions
            {
                BatchSizeLimit = 1000,
                BufferingTimeLimit = TimeSpan.FromSeconds(1),
                QueueLimit = 100_000,
                RetryTimeLimit = TimeSpan.FromMinutes(5),
            });
        }
        return configuration.CreateLogger();
    }

    /// <summary>The levels and filters of every mik logger, before its enrichers and sinks (bench/Micro adds its own sink).</summary>
    internal static LoggerConfiguration Filtered(LoggingOptions options) => new LoggerConfiguration()
        .MinimumLevel.Is(ToSerilog(options.Level))
        .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
        .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
        // ASP.NET Core checks this category on every request and, while any level of it is on, opens a logging
        // scope per request (an allocation and an async-local change) for "Request starting/finished" lines
        // that mik replaces with request_completed. Start-up failures still surface: they end `mik serve`.
        .MinimumLevel.Override("Microsoft.AspNetCore.Hosting.Diagnostics", LevelAlias.Off)
        .MinimumLevel.Override("Marten", LogEventLevel.Warning)
        .MinimumLevel.Override("JasperFx", LogEventLevel.Warning)
        .MinimumLevel.Override("Npgsql", LogEventLevel.Warning)
        .Filter.ByExcluding(DatabaseOutageNoise.IsNoise);

    internal static LogEventLevel ToSerilog(string level) => level switch
    {
        "trace" => LogEventLevel.Verbose,
        "debug" => LogEventLevel.Debug,
        "warn" => LogEventLevel.Warning,
        "error" => LogEventLevel.Error,
        _ => LogEventLevel.Information,
    };
}
