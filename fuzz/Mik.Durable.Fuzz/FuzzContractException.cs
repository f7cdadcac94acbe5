namespace Mik.Durable.Fuzz;

/// <summary>A fuzzed entry returned something its contract rules out (not an exception of its own).</summary>
internal sealed class FuzzContractException(string message) : Exception(message);
