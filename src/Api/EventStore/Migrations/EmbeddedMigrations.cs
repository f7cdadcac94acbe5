using System.Reflection;

namespace Mik.Durable.Api.EventStore.Migrations;

/// <summary>The <c>migrations/*.sql</c> files compiled into mik, so it applies them from any working directory.</summary>
internal static class EmbeddedMigrations
{
    /// <summary>Logical-name prefix given to the files in Mik.Durable.Api.csproj.</summary>
    public const string ResourcePrefix = "migrations/";

    private static readonly Lazy<IReadOnlyList<Migration>> Loaded = new(Load);

    /// <summary>All shipped migrations in name order, which is the order they are applied in.</summary>
    public static IReadOnlyList<Migration> All => Loaded.Value;

    private static IReadOnlyList<Migration> Load()
    {
        var assembly = typeof(EmbeddedMigrations).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => new Migration(n[ResourcePrefix.Length..], Read(assembly, n)))];
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
