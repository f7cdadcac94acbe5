using System.Globalization;
using Mik.Durable.Api.ModuleChanges;
using Mik.Durable.Domain.Deployments;

namespace Mik.Durable.Api.Admin.Modules;

/// <summary>Which kept version a rollback brings back: the one <c>?to=</c> names (a sha256 or a deployment number), or the last other one.</summary>
internal static class RollbackTarget
{
    public const string Expected = "must be a version's sha256 (64 hex digits) or its deployment number (1, 2, …)";

    public static bool IsWellFormed(string to) => IsSha256(to) || Number(to) is not null;

    /// <summary>
    /// The kept version <paramref name="to"/> names (the newest kept deployment of a sha256), or without it the newest
    /// kept version whose bytes differ from the current ones; null when that version's bytes are not kept.
    /// <paramref name="deployed"/>: the module's deployments, for a number whose row is gone while a later version
    /// still keeps the same bytes (a version rolled back to before).
    /// </summary>
    public static KeptVersion? Choose(string? to, DeployedModule? current, IReadOnlyList<KeptVersion> kept, IEnumerable<ModuleDeployed> deployed)
    {
        if (to is null)
        {
            var currentSha = current is { IsCurrent: true } ? current.Sha256 : null;
            return kept.FirstOrDefault(v => v.Sha256 != currentSha);
        }
        if (Number(to) is { } number)
        {
            if (kept.FirstOrDefault(v => v.Version == number) is { } row) return row;
            return deployed.FirstOrDefault(d => d.Version == number) is { } old && kept.FirstOrDefault(v => v.Sha256 == old.Sha256) is { } same
                ? same with { Version = number, Source = old.Source, DeployedAt = old.At }
                : null;
        }
        var sha256 = to.ToLowerInvariant();
        return kept.FirstOrDefault(v => v.Sha256 == sha256);
    }

    private static bool IsSha256(string to) => to.Length == 64 && to.All(char.IsAsciiHexDigit);

    private static int? Number(string to) =>
        int.TryParse(to, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : null;
}
