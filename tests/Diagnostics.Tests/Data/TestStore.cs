using Npgsql;

namespace Mik.Durable.Diagnostics.Tests.Data;

/// <summary>The test PostgreSQL (MIK_TEST_DATABASE_URL, started by scripts/test.sh) and a fresh schema per test.</summary>
internal static class TestStore
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("MIK_TEST_DATABASE_URL") is { Length: > 0 } url
            ? url
            : throw new InvalidOperationException("MIK_TEST_DATABASE_URL is not set: run the tests with scripts/test.sh, which starts a PostgreSQL for them.");

    public static string NewSchema() => "diag_" + Guid.NewGuid().ToString("N")[..10];

    public static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}
