using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.Logging;

/// <summary>The binary shipping its log lines to a Loki that fails for a while, and to one that never answers.</summary>
public sealed class LokiShippingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_Loki_refusing_for_a_while_every_line_arrives_once_in_the_push_API_shape_gzip_compressed()
    {
        using var loki = new StandInLoki(failFirst: 2);
        using var sandbox = Sandbox(loki.Port);
        sandbox.AddModule("hello");
        List<string> stdout;
        await using (var mik = MikProcess.Start(sandbox))
        {
            await mik.WaitReadyAsync();
            for (var i = 0; i < 20; i++)
                using (var response = await mik.Runtime.GetAsync("/run/hello/", Ct)) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // Serilog retries a refused batch with a growing pause (seconds), so the lines come late but come.
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (loki.Stored.Count(s => s.Line.Contains("\"request_completed\"", StringComparison.Ordinal) && s.Line.Contains("/run/hello", StringComparison.Ordinal)) < 20)
            {
                Assert.True(DateTime.UtcNow < deadline, $"Loki has {loki.Stored.Count} lines after {loki.Refused} refusals");
                await Task.Delay(200, Ct);
            }
            mik.Signal(MikProcess.Sigterm);
            Assert.Equal(0, await mik.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            stdout = [.. mik.StdoutLines.Where(l => l.Length > 0)];
        }

        Assert.Equal(2, loki.Refused);
        Assert.Empty(loki.Problems);
        // Every line mik wrote, once: none lost to the refusals, none sent twice by the retries.
        Assert.Equal(stdout.Order(StringComparer.Ordinal), loki.Stored.Select(s => s.Line).Order(StringComparer.Ordinal));
        foreach (var (labels, timestampKind, timestamp, line) in loki.Stored)
        {
            Assert.Equal(["app", "instance", "level"], labels.Keys.Order());
            Assert.Equal("mik", labels["app"]);
            using var json = JsonDocument.Parse(line);
            Assert.Equal(json.RootElement.GetProperty("level").GetString(), labels["level"]);
            Assert.Equal(JsonValueKind.String, timestampKind);
            var written = json.RootElement.GetProperty("timestamp").GetDateTimeOffset();
            // The line shows microseconds; Loki gets the event's time in nanoseconds (to the tick).
            var nanoseconds = long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(nanoseconds - (written - DateTimeOffset.UnixEpoch).Ticks * 100, 0, 999);
        }
    }

    [Fact]
    public async Task With_Loki_hanging_requests_take_as_long_as_without_Loki()
    {
        using var loki = new StandInLoki(hang: true);
        using var hangingBox = Sandbox(loki.Port);
        using var plainBox = new MikSandbox();
        hangingBox.AddModule("hello");
        plainBox.AddModule("hello");
        await using var hanging = MikProcess.Start(hangingBox);
        await using var plain = MikProcess.Start(plainBox);
        await hanging.WaitReadyAsync();
        await plain.WaitReadyAsync();

        // Alternating, so both see the same machine load; warm-up rounds first, then the measured ones.
        var (withHang, without) = (new List<double>(), new List<double>());
        for (var round = 0; round < 400; round++)
        {
            var a = await TimeAsync(hanging.Runtime);
            var b = await TimeAsync(plain.Runtime);
            if (round < 100) continue;
            withHang.Add(a);
            without.Add(b);
        }

        var (hangMedian, plainMedian) = (Median(withHang), Median(without));
        Assert.True(hangMedian <= plainMedian * 2 + 1, $"median {hangMedian:0.00} ms with Loki hanging, {plainMedian:0.00} ms without");
        using var health = await hanging.Runtime.GetAsync("/health", Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private static MikSandbox Sandbox(int lokiPort) => new(extraToml: $"[logging]\nloki_url = \"http://127.0.0.1:{lokiPort}\"\n");

    private static async Task<double> TimeAsync(HttpClient runtime)
    {
        var clock = Stopwatch.StartNew();
        using var response = await runtime.GetAsync("/run/hello/", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
