namespace Mik.Durable.Runtime.Wagi;

/// <summary>A module's sub-routes from its <c>_routes</c> export (docs/wagi.md), or why they could not be read.</summary>
internal sealed class WagiRoutes
{
    public const string Export = "_routes";

    public WagiRoutes(IReadOnlyList<WagiSubRoute> routes, string? problem = null)
    {
        Routes = routes;
        Problem = problem;
    }

    public static WagiRoutes None { get; } = new([]);

    /// <summary>In declaration order.</summary>
    public IReadOnlyList<WagiSubRoute> Routes { get; }

    /// <summary>Why <c>_routes</c> failed or printed something unusable, for a start-up WARN; null when fine.</summary>
    public string? Problem { get; }

    /// <summary>The sub-route serving <paramref name="rawRest"/>; WAGI tries them in reverse declaration order.</summary>
    public WagiSubRoute? Match(string rawRest)
    {
        for (var i = Routes.Count - 1; i >= 0; i--)
        {
            if (Routes[i].Matches(rawRest)) return Routes[i];
        }
        return null;
    }

    /// <summary>Lines of <c>&lt;pattern&gt; &lt;export&gt;</c>; blank lines are ignored, anything else is an error.</summary>
    public static WagiRoutes Parse(string output)
    {
        var routes = new List<WagiSubRoute>();
        foreach (var line in output.Split('\n'))
        {
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0) continue;
            if (fields.Length != 2)
                return new WagiRoutes([], $"_routes printed an invalid line: '{line.Trim()}' (expected '<pattern> <export>')");
            routes.Add(new WagiSubRoute(fields[0], fields[1]));
        }
        return routes.Count == 0 ? new WagiRoutes([], "_routes printed no routes") : new WagiRoutes(routes);
    }
}
