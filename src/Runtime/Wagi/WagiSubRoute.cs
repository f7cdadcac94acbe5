namespace Mik.Durable.Runtime.Wagi;

/// <summary>
/// One line of a module's <c>_routes</c> output: a pattern under the module's route and the export serving it.
/// <c>/hello</c> matches exactly; <c>/hello/...</c> matches <c>/hello</c> and anything below it.
/// </summary>
internal sealed record WagiSubRoute(string Pattern, string Entrypoint)
{
    public bool IsWildcard => Pattern.EndsWith("/...", StringComparison.Ordinal);

    /// <summary>The pattern without a trailing <c>/...</c>: what joins the module route in <c>SCRIPT_NAME</c>.</summary>
    public string Prefix => IsWildcard ? Pattern[..^4] : Pattern;

    /// <summary>Whether the raw path below the module route (e.g. <c>/hello/x</c>) is served by this route.</summary>
    public bool Matches(string rawRest) =>
        IsWildcard ? rawRest == Prefix || rawRest.StartsWith(Prefix + "/", StringComparison.Ordinal) : rawRest == Pattern;

    /// <summary>The request for this sub-route: SCRIPT_NAME and X_MATCHED_ROUTE are the joined routes, as in WAGI.</summary>
    public WagiRequest Apply(WagiRequest request) => new()
    {
        Method = request.Method, Scheme = request.Scheme, Host = request.Host, RawPath = request.RawPath,
        RawQuery = request.RawQuery, Headers = request.Headers, Body = request.Body, RemoteIp = request.RemoteIp,
        Protocol = request.Protocol, DefaultHost = request.DefaultHost,
        RoutePrefix = request.RoutePrefix + Prefix,
        MatchedRoute = request.RoutePrefix + Pattern,
    };
}
