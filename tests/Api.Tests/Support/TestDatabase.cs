namespace Mik.Durable.Api.Tests.Support;

/// <summary>The PostgreSQL that scripts/test.sh starts for the tests.</summary>
internal static class TestDatabase
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("MIK_TEST_DATABASE_URL") is { Length: > 0 } url
            ? url
            : throw new InvalidOperationException(
                "MIK_TEST_DATABASE_URL is not set: run the tests with scripts/test.sh, which starts a PostgreSQL for them.");

    /// <summary>A schema of its own per test host, so hosts running side by side never share tables.</summary>
    public static string NewSchema() => "t_" + Guid.NewGuid().ToString("N")[..12];
}
