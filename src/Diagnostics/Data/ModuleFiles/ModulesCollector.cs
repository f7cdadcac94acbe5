using Mik.Durable.Diagnostics.Collecting;

namespace Mik.Durable.Diagnostics.Data.ModuleFiles;

/// <summary><c>modules</c>: the modules folder and AOT cache inventory (<c>modules.json</c>), from the files alone.</summary>
internal sealed class ModulesCollector : ICollector
{
    public string Name => "modules";

    public TimeSpan Timeout => TimeSpan.FromSeconds(30);

    public Task CollectAsync(CollectContext context, CollectorOutput output, CancellationToken cancellationToken)
    {
        var config = context.Config.Config;
        output.AddJson(DataFiles.Modules, ModuleInventory.Take(config.Server.Modules, config.State.Dir, config.Server.AotCache));
        return Task.CompletedTask;
    }
}
