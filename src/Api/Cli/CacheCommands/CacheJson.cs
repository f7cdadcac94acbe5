using System.Text.Json;
using Mik.Durable.Api.Admin.Cache;
using Mik.Durable.Runtime.CompileCache;

namespace Mik.Durable.Api.Cli.CacheCommands;

/// <summary>What the offline commands print, in the admin API's own shapes (snake_case), so scripts see one format.</summary>
internal static class CacheJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static JsonElement Artifact(AotFile file) => JsonSerializer.SerializeToElement(new ArtifactInfo(file.Module, file.Bytes, file.State), Options);

    public static JsonElement Of(CacheCleanupResult cleanup) => JsonSerializer.SerializeToElement(cleanup, Options);

    public static JsonElement Of(WarmResult warm) => JsonSerializer.SerializeToElement(warm, Options);
}
