namespace Mik.Durable.Runtime.Wasm;

/// <summary>A host folder preopened in the guest at <paramref name="GuestPath"/>; read-only unless writable.</summary>
internal sealed record GuestVolume(string GuestPath, string HostPath, bool Writable);
