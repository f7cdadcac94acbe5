using System.CommandLine;
using System.Text.Json;
using Mik.Durable.Api.Cli.Client;
using Mik.Durable.Api.Cli.Local;
using Spectre.Console;

namespace Mik.Durable.Api.Cli.CacheCommands;

/// <summary>
/// <c>mik cache warm</c>: with mik stopped, compiles every module lacking a current artifact (a progress bar on a
/// terminal). A running mik compiles every module at start and on change already, so through the admin API it only
/// lists the modules whose artifact is not current and why (docs/operations.md).
/// </summary>
internal static class CacheWarmCommand
{
    private static readonly IReadOnlyList<Column> Columns =
    [
        Column.Of("MODULE", "module", whole: true),
        Column.Of("RESULT", "result"),
        Column.Of("BYTES", "bytes"),
        Column.Of("PROBLEM", "problem"),
    ];

    public static Command Create()
    {
        var options = new ClientOptions();
        var command = options.AddTo(new Command("warm", "Compile every module that lacks a current artifact"));
        command.SetAction((result, cancellationToken) => CacheCommandRunner.RunAsync(result, options, OnlineAsync, OfflineAsync, cancellationToken));
        return command;
    }

    private static async Task<int> OnlineAsync(AdminClient client, CliOutput output, CancellationToken cancellationToken)
    {
        var modules = await client.GetAsync("modules", null, cancellationToken);
        var lacking = modules.EnumerateArray()
            .Select(m => new WarmResult(JsonText.At(m, "name"), JsonText.At(m, "cache.aot"), 0, NullIfEmpty(JsonText.At(m, "problem"))))
            .Where(w => w.Result != OfflineWarm.Current)
            .Select(CacheJson.Of).ToList();
        output.Note("mik is running and compiles every module at start and on change: nothing to warm" +
            (lacking.Count == 0 ? "" : "; these have no current artifact:"));
        if (lacking.Count > 0) await output.RowsAsync(lacking, Columns, "");
        return ExitCodes.Ok;
    }

    private static async Task<int> OfflineAsync(OfflineCache cache, CliOutput output, CancellationToken cancellationToken)
    {
        if (!cache.Config.Server.AotCache) throw new CliException("server.aot_cache is off in this configuration: there is no cache to warm");
        var paths = OfflineWarm.Modules(cache);
        using var runtime = new LocalRuntime(cache.Config);
        var warm = OfflineWarm.Warmer(cache, runtime);
        var results = new List<WarmResult>();
        if (output.IsTable)
        {
            await AnsiConsole.Progress().AutoClear(true).StartAsync(async progress =>
            {
                var task = progress.AddTask("compiling", maxValue: Math.Max(1, paths.Count));
                foreach (var path in paths)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    task.Description = Markup.Escape(Path.GetFileNameWithoutExtension(path));
                    results.Add(await Task.Run(() => warm(path), cancellationToken));
                    task.Increment(1);
                }
            });
            await output.RowsAsync(results.Select(CacheJson.Of), Columns, "no modules in " + cache.ModulesDir);
        }
        else
        {
            foreach (var path in paths)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var one = warm(path);
                results.Add(one);
                await output.JsonLineAsync(CacheJson.Of(one));
            }
        }
        return results.Any(r => r.Result == OfflineWarm.Failed) ? ExitCodes.Failure : ExitCodes.Ok;
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
