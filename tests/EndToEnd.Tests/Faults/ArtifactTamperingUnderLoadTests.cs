using System.Net;
using Mik.Durable.EndToEnd.Tests.Support;
using Mik.Durable.Tests.Shared;

namespace Mik.Durable.EndToEnd.Tests.Faults;

/// <summary>
/// AOT artifacts damaged, swapped and forged while requests run (docs/reliability.md, Faults under load). With
/// <c>cache_size = 1</c> and two modules in turn, every request loads its module from its artifact, so each
/// tampering meets the loader at once: it is never executed, it is recompiled, rewritten and counted
/// (<c>mik_aot_invalidated_total</c>, <c>AotInvalidated</c>), and every request is answered as usual.
/// </summary>
public sealed class ArtifactTamperingUnderLoadTests
{
    private const int Rounds = 2;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Artifacts_truncated_bit_flipped_swapped_and_forged_under_load_are_never_run_and_are_recompiled_and_counted()
    {
        using var sandbox = new MikSandbox(serverToml: "cache_size = 1");
        var hello = sandbox.AddModule("hello") + ".aot";
        var echo = sandbox.AddModule("echo") + ".aot";
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync(TimeSpan.FromSeconds(120));
        await FaultStore.EventuallyAsync(() => Task.FromResult(File.Exists(hello) && File.Exists(echo)), "both artifacts", TimeSpan.FromSeconds(60));

        var served = new ClientTally(() => "tampering");
        using var stop = new CancellationTokenSource();
        var client = ServeAsync(mik, served, stop.Token);
        (string Artifact, string Damage, Action Tamper)[] damages =
        [
            (hello, "truncated", () => Rewrite(hello, b => b[..(b.Length * 2 / 3)])),
            (echo, "bit-flipped", () => Rewrite(echo, b => { b[b.Length * 2 / 3] ^= 0x10; return b; })),
            (echo, "another module's artifact", () => Rewrite(echo, _ => File.ReadAllBytes(hello))),
            (hello, "forged", () => ArtifactForgery.Forge(hello, "Hello from mik", "Forged payload")),
        ];
        var tampered = 0;
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var (artifact, damage, tamper) in damages)
            {
                tamper();
                tampered++;
                var bad = File.ReadAllBytes(artifact);
                await FaultStore.EventuallyAsync(async () => Invalidated(await mik.Runtime.GetStringAsync("/metrics", Ct)) >= tampered
                    && !File.ReadAllBytes(artifact).AsSpan().SequenceEqual(bad), $"the {damage} artifact to be refused and rewritten", TimeSpan.FromSeconds(60));
            }
        }
        await stop.CancelAsync();
        await client;

        var metrics = await mik.Runtime.GetStringAsync("/metrics", Ct);
        Assert.Equal(Rounds * 3, MetricsText.Value(metrics, "mik_aot_invalidated_total{reason=\"corrupt\"}"));
        Assert.Equal(Rounds, MetricsText.Value(metrics, "mik_aot_invalidated_total{reason=\"stale\"}"));
        Assert.True(MetricsText.Value(metrics, "mik_cache_hits_total{tier=\"aot\"}") > 0, "no request loaded its module from an artifact");
        Assert.All(served.Answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.DoesNotContain(served.Answers, a => a.Detail.Contains("Forged", StringComparison.Ordinal));
        await FaultStore.EventuallyAsync(async () =>
            (await FaultStore.EventsAsync(MikSandbox.TestDatabaseUrl, sandbox.Schema, "aot_invalidated")).Count == tampered,
            $"{tampered} AotInvalidated events", TimeSpan.FromSeconds(60));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{tampered} artifacts tampered with, {tampered} refused and recompiled; {served.Answers.Count} requests served meanwhile, all 200");
    }

    private static double Invalidated(string metrics) =>
        MetricsText.Value(metrics, "mik_aot_invalidated_total{reason=\"corrupt\"}") + MetricsText.Value(metrics, "mik_aot_invalidated_total{reason=\"stale\"}");

    /// <summary>Replaces the artifact whole (written aside and renamed), as a careless copy or an attacker would.</summary>
    private static void Rewrite(string artifact, Func<byte[], byte[]> damage)
    {
        var aside = artifact + ".tampered";
        File.WriteAllBytes(aside, damage(File.ReadAllBytes(artifact)));
        File.Move(aside, artifact, overwrite: true);
    }

    private static async Task ServeAsync(MikProcess mik, ClientTally tally, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var module = n % 2 == 0 ? "hello" : "echo";
            using var response = await mik.Runtime.GetAsync($"/run/{module}/", Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            var expected = module == "hello" ? body == "Hello from mik\n" : body.Contains("body_len=", StringComparison.Ordinal);
            tally.Add(expected ? response.StatusCode : HttpStatusCode.InternalServerError, body);
        }
    }
}
