namespace Mik.Durable.Runtime.Wagi;

/// <summary>A host folder preopened in the guest at <paramref name="GuestPath"/>; read-only unless writable.</summary>
internal sealed record WagiVolume(string GuestPath, string HostPath, bool Writable);
