using System.Text.Json.Serialization;

namespace Mik.Durable.Domain.AuditTrail;

/// <summary>
/// The projections named in <see cref="Projections"/> were rebuilt from the event log (<c>POST /state/rebuild</c>),
/// which then held <see cref="Events"/> events. Stream <c>state</c>; the events themselves are never touched.
/// </summary>
public sealed record ProjectionsRebuilt(DateTimeOffset At, IReadOnlyList<string> Projections, long Events, string Actor) : IAuditEvent
{
    [JsonIgnore]
    public string Stream => AuditStreams.State;
}
