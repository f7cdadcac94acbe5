using System.Text.Json.Nodes;
using Mediator;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Admin.Config;

/// <summary><c>GET /config</c>: the effective configuration (defaults, file, environment), secrets redacted.</summary>
internal sealed record GetConfig : IRequest<JsonObject>;

internal sealed class GetConfigHandler(LoadedConfig loaded) : IRequestHandler<GetConfig, JsonObject>
{
    public ValueTask<JsonObject> Handle(GetConfig query, CancellationToken cancellationToken)
    {
        var json = new JsonObject
        {
            ["source"] = loaded.SourcePath ?? "(defaults)",
            ["config"] = RedactedConfig.ToJson(loaded.Config),
            ["unknown_keys"] = new JsonArray([.. loaded.UnknownKeys.Select(k => (JsonNode)k)]),
        };
        return ValueTask.FromResult(json);
    }
}
