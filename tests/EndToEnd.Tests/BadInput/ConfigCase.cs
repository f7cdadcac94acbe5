namespace Mik.Durable.EndToEnd.Tests.BadInput;

/// <summary>A row of the config catalogue (<see cref="ConfigCases"/>) and what it sets up.</summary>
internal sealed record ConfigCase(BadInputCase Row, ConfigSetup Setup);
