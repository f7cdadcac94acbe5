using System.Text.Json;
using Mik.Durable.Diagnostics.Collecting;
using Mik.Durable.Diagnostics.Host.Model;

namespace Mik.Durable.Diagnostics.Host.Collectors;

/// <summary><c>health.json</c>: <c>GET &lt;runtime&gt;/health</c>, its status and body whatever the status (503 has a body too).</summary>
internal sealed class HealthCollector(string procRoot = "/proc") : ICollector
{
    public string Name => HostFiles.Health;

    public TimeSpan Timeout => TimeSpan.FromSeconds(5);

    public async Task CollectAsync(CollectContext context, CollectorOutput output, CancellationToken cancellationToken)
    {
        LiveServer.Require(context, procRoot);
        using var client = LiveServer.Client(Timeout);
        using var response = await client.GetAsync(new Uri(context.RuntimeUrl, "health"), cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonElement body;
        try
        {
            using var document = JsonDocument.Parse(text);
            body = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            body = JsonSerializer.SerializeToElement(text);
        }
        output.AddJson(HostFiles.HealthJson, new HealthEvidence((int)response.StatusCode, body));
    }
}
