namespace Mik.Durable.Api.Cli;

/// <summary>The database a <c>mik db</c> command works on; <see cref="Description"/> is host:port/db, never the credentials.</summary>
internal sealed record DatabaseTarget(string ConnectionString, string Schema, string Description);
