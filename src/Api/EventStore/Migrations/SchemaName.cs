using System.Text.RegularExpressions;

namespace Mik.Durable.Api.EventStore.Migrations;

/// <summary>
/// The schema name goes into SQL text unquoted (migrations, the history table), so it is checked here
/// again even though configuration validation already allows nothing else.
/// </summary>
internal static partial class SchemaName
{
    public static string Require(string schema) =>
        Pattern().IsMatch(schema)
            ? schema
            : throw new ArgumentException($"schema name \"{schema}\" is not a lower-case SQL identifier (a-z, 0-9, _; at most 63 characters)");

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex Pattern();
}
