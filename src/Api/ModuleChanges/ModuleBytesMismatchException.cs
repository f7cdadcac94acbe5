namespace Mik.Durable.Api.ModuleChanges;

/// <summary>Bytes read from the store do not hash to the sha256 they are stored under: they are never served.</summary>
internal sealed class ModuleBytesMismatchException(string sha256)
    : Exception($"the stored bytes of {sha256} do not match that sha256");
