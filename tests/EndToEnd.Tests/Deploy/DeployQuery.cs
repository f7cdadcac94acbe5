namespace Mik.Durable.EndToEnd.Tests.Deploy;

/// <summary>One PromQL expression shipped in deploy/, with where it is (for the failure message).</summary>
internal sealed record DeployQuery(string Where, string Expr);
