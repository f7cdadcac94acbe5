using System.Net;
using Mik.Durable.Diagnostics.Host.Model;
using Mik.Durable.Diagnostics.Host.Proc;

namespace Mik.Durable.Diagnostics.Host.Collectors;

/// <summary>
/// Matches each configured listener with the LISTEN sockets on its port (what <c>ss -tlnp</c> shows): the one mik owns
/// when there is one, else one that stands in its way (a bind on the same port and an overlapping address).
/// </summary>
internal static class ListenerProbe
{
    public static IReadOnlyList<ListenerEvidence> Describe(
        IReadOnlyList<(string Listener, string Host, int Port)> configured, IReadOnlyList<TcpSocket> sockets, int? mikPid,
        Func<IReadOnlyCollection<long>, IReadOnlyDictionary<long, int>> owners, Func<int, string?> nameOf)
    {
        var candidates = configured.ToDictionary(c => c.Listener,
            c => sockets.Where(s => s.Listening && s.Port == c.Port && Overlaps(c.Host, s.Address)).ToList());
        var ownerOf = owners([.. candidates.Values.SelectMany(s => s).Select(s => s.Inode).Distinct()]);
        var result = new List<ListenerEvidence>();
        foreach (var (listener, host, port) in configured)
        {
            var found = candidates[listener];
            int? Owner(TcpSocket s) => ownerOf.TryGetValue(s.Inode, out var pid) ? pid : null;
            var socket = found.FirstOrDefault(s => mikPid is not null && Owner(s) == mikPid) ?? found.FirstOrDefault();
            var owner = socket is null ? null : Owner(socket);
            result.Add(new ListenerEvidence
            {
                Listener = listener,
                Configured = $"{host}:{port}",
                Host = host,
                Port = port,
                Listening = socket is not null,
                BoundAddress = socket?.Address,
                OwnerPid = owner,
                OwnerName = owner is { } pid ? nameOf(pid) : null,
                OwnedByMik = owner is not null && owner == mikPid,
            });
        }
        return result;
    }

    /// <summary>Whether a bind to <paramref name="configured"/> would collide with a socket bound to <paramref name="bound"/>.</summary>
    public static bool Overlaps(string configured, string bound)
    {
        if (!IPAddress.TryParse(configured, out var wanted))
            wanted = configured == "localhost" ? IPAddress.Loopback : null;
        if (wanted is null || !IPAddress.TryParse(bound, out var held)) return true;
        if (IsAny(wanted) || IsAny(held)) return true;
        return wanted.Equals(held);
    }

    public static bool IsAny(IPAddress address) => address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);

    /// <summary>A loopback address (or <c>localhost</c>): reachable from this machine only.</summary>
    public static bool IsLoopback(string host) =>
        host == "localhost" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
