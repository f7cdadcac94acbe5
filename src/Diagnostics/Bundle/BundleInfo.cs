namespace Mik.Durable.Diagnostics.Bundle;

/// <summary>What the command knows about this run that the evidence does not: versions, host, command line, times.</summary>
public sealed record BundleInfo(
    string Mik, string Wasmtime, string Dotnet, string Host, string CommandLine, BundleWindow Window, BundleWindow Collected);
