using Microsoft.AspNetCore.Routing.Matching;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Hosting;

/// <summary>
/// Routes by the local port a request arrived on, not by its Host header, so an admin route is never reachable
/// through the public listener whatever a client or proxy claims.
/// </summary>
internal sealed class ListenerMatcherPolicy(MikConfig config) : MatcherPolicy, IEndpointSelectorPolicy
{
    public override int Order => 0;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Any(e => e.Metadata.GetMetadata<ListenerMetadata>() is not null);

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var arrivedOn = ListenerOf.Request(httpContext, config);
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates.IsValidCandidate(i) &&
                candidates[i].Endpoint.Metadata.GetMetadata<ListenerMetadata>() is { } only && only.Listener != arrivedOn)
            {
                candidates.SetValidity(i, false);
            }
        }
        return Task.CompletedTask;
    }
}
