using System.Text;
using Mik.Durable.Diagnostics.Collecting;
using Mik.Durable.Runtime.Configuration;
using Mik.Durable.Runtime.Files;
using Tomlyn;

namespace Mik.Durable.Diagnostics.Data.ConfigFile;

/// <summary>
/// <c>config</c>: the effective configuration rendered from its schema with the secrets hidden, the loaded
/// <c>mik.toml</c> re-written with its secret values replaced, what is wrong with it, and where it came from.
/// </summary>
internal sealed class ConfigCollector : ICollector
{
    public string Name => "config";

    public TimeSpan Timeout => TimeSpan.FromSeconds(10);

    public Task CollectAsync(CollectContext context, CollectorOutput output, CancellationToken cancellationToken)
    {
        var loaded = context.Config;
        output.AddJson(DataFiles.Effective, RedactedConfig.ToJson(loaded.Config));
        output.AddJson(DataFiles.Problems, context.ConfigProblems
            .Select(p => new ConfigProblemEntry(p.Key, SecretSettings.IsSecretKey(p.Key) ? SecretSettings.Redacted : p.Value, p.Reason)).ToList());
        output.AddJson(DataFiles.Source, new ConfigSource(loaded.SourcePath, loaded.UnknownKeys));
        if (loaded.SourcePath is { } path)
        {
            // Read as mik reads it (never blocking on a FIFO).
            var text = Encoding.UTF8.GetString(RegularFile.ReadAllBytes(path));
            try
            {
                output.AddText(DataFiles.Toml, TomlRedactor.Redact(text));
            }
            catch (TomlException e)
            {
                // Not copied at all: the parser's message may quote the line, and the line may be a secret's.
                output.AddText(DataFiles.Toml, $"# {path} is not valid TOML (line {e.Line}); not copied\n");
            }
        }
        return Task.CompletedTask;
    }
}
