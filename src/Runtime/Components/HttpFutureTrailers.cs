namespace Mik.Durable.Runtime.Components;

/// <summary>
/// A <c>future-trailers</c> resource: the request's trailers once its body is finished. mik reads none (the body is
/// in memory before the guest runs), so it is ready at once with no trailers; it answers once, as the interface says.
/// </summary>
internal sealed class HttpFutureTrailers
{
    public bool Taken { get; set; }
}
