using System.Security.Cryptography;
using System.Text;

namespace Mik.Durable.Api.EventStore.Migrations;

/// <summary>One file of <c>migrations/</c>, as shipped inside the binary.</summary>
internal sealed record Migration(string Name, string Text)
{
    /// <summary>
    /// Stands for the schema in the committed SQL. The files are generated against it rather than against
    /// <c>mik</c> so that a configured <c>[database] schema</c> is one textual substitution; it is itself a
    /// valid identifier, so the files stay plain SQL.
    /// </summary>
    public const string SchemaPlaceholder = "__mik_schema__";

    /// <summary>Of the file as committed (placeholder included), so it is the same for every schema.</summary>
    /// <remarks>Computed on each use rather than stored, so that a copy made with <c>with { Text = … }</c> cannot keep the old hash.</remarks>
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text)));

    /// <summary>The SQL for <paramref name="schema"/>, which must already be a validated lower-case identifier.</summary>
    public string SqlFor(string schema) => Text.Replace(SchemaPlaceholder, SchemaName.Require(schema), StringComparison.Ordinal);
}
