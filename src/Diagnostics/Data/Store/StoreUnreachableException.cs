namespace Mik.Durable.Diagnostics.Data.Store;

/// <summary>The event store did not answer; the message is safe to print (no password).</summary>
internal sealed class StoreUnreachableException(string message, Exception? inner) : Exception(message, inner);
