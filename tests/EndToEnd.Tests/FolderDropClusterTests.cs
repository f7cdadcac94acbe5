using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;
using Npgsql;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>
/// Store mode (the default) on the published binary: a file dropped into the modules folder of a running instance
/// is a deployment for the whole cluster, its bytes in PostgreSQL; a deleted one a removal.
/// </summary>
public sealed class FolderDropClusterTests
{
    private const string Key = "e2e-folderdrop-key";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_dropped_file_is_deployed_with_its_bytes_the_same_bytes_again_record_nothing_and_a_deleted_file_is_removed()
    {
        using var sandbox = new MikSandbox();
        sandbox.Environment["MIK_API_KEY"] = Key;
        var hello = Sha(MikSandbox.GuestPath("hello"));
        await using (var mik = await StartAsync(sandbox))
        {
            sandbox.AddModule("hello", "greet");
            await WaitAuditAsync(mik, a => a.Contains(("module_deployed", "greet", "filesystem", hello)), "greet deployed");
            Assert.Equal(HttpStatusCode.OK, (await mik.Runtime.GetAsync("/run/greet/", Ct)).StatusCode);
            Assert.Equal(await File.ReadAllBytesAsync(MikSandbox.GuestPath("hello"), Ct), await StoredBytesAsync(sandbox, hello));

            // The same bytes written again; then another module, committed after whatever the first write led to.
            File.Copy(MikSandbox.GuestPath("hello"), Path.Combine(sandbox.ModulesDirectory, "greet.wasm"), overwrite: true);
            File.SetLastWriteTimeUtc(Path.Combine(sandbox.ModulesDirectory, "greet.wasm"), DateTime.UtcNow.AddMinutes(1));
            sandbox.AddModule("echo", "later");
            await WaitAuditAsync(mik, a => a.Any(e => e.Module == "later"), "later deployed");

            File.Delete(Path.Combine(sandbox.ModulesDirectory, "greet.wasm"));
            var audit = await WaitAuditAsync(mik, a => a.Any(e => e.Type == "module_removed"), "greet removed");
            Assert.Equal([("module_deployed", "greet"), ("module_deployed", "later"), ("module_removed", "greet")],
                audit.Select(e => (e.Type, e.Module)).Order());
            mik.Signal(MikProcess.Sigterm);
            Assert.Equal(0, await mik.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }

        // A start with an old file and no memory of what it recorded: the store has seen greet (and removed it),
        // so the file is no deployment; later's bytes are the current ones, so it records nothing either.
        File.Delete(Path.Combine(sandbox.StateDirectory, "modules.json"));
        sandbox.AddModule("hello", "greet");
        await using (var again = await StartAsync(sandbox))
        {
            var superseded = await LogLines.WaitAsync(again, l => l.Any(x => x.Is("message", "module_file_superseded")), "module_file_superseded");
            var line = Assert.Single(superseded, x => x.Is("message", "module_file_superseded"));
            Assert.True(line.Is("level", "WARN") && line.Is("module", "greet") && line.Is("file_sha256", hello) && line.Is("store_sha256", ""));
            sandbox.AddModule("hello", "zz");
            var audit = await WaitAuditAsync(again, a => a.Any(e => e.Module == "zz"), "zz deployed");
            Assert.Equal(4, audit.Count);
            Assert.DoesNotContain(LogLines.Parse(again.StdoutLines), x => x.Is("message", "module_file_superseded") && x.Is("module", "later"));
        }
    }

    private static async Task<MikProcess> StartAsync(MikSandbox sandbox)
    {
        var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();
        await mik.WaitEventStoreAsync();
        mik.Admin.DefaultRequestHeaders.Add("X-API-Key", Key);
        return mik;
    }

    private static async Task<List<(string Type, string Module, string? Source, string? Sha256)>> WaitAuditAsync(
        MikProcess mik, Func<List<(string Type, string Module, string? Source, string? Sha256)>, bool> until, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var audit = JsonDocument.Parse(await mik.Admin.GetStringAsync("/audit?type=ModuleDeployed,ModuleRemoved", Ct));
            var events = audit.RootElement.GetProperty("events").EnumerateArray().Select(e =>
            {
                var data = e.GetProperty("data");
                return (e.GetProperty("type").GetString()!, data.GetProperty("module").GetString()!, Text(data, "source"), Text(data, "sha256"));
            }).ToList();
            if (until(events)) return events;
            Assert.True(DateTime.UtcNow < deadline, $"not in /audit within 60 s: {what}; it holds {string.Join(", ", events)}");
            await Task.Delay(200, Ct);
        }
    }

    private static string? Text(JsonElement data, string field) => data.TryGetProperty(field, out var v) ? v.GetString() : null;

    private static async Task<byte[]?> StoredBytesAsync(MikSandbox sandbox, string sha256)
    {
        await using var db = new NpgsqlConnection(MikSandbox.TestDatabaseUrl);
        await db.OpenAsync(Ct);
        await using var read = new NpgsqlCommand($"select bytes from {sandbox.Schema}.mik_module_bytes where sha256 = $1", db);
        read.Parameters.AddWithValue(sha256);
        return await read.ExecuteScalarAsync(Ct) as byte[];
    }

    private static string Sha(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
