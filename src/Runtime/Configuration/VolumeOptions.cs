namespace Mik.Durable.Runtime.Configuration;

/// <summary>A host folder preopened for a module: <c>"/data" = "/srv/data"</c> or <c>"/data" = { path = "…", writable = true }</c>.</summary>
public sealed class VolumeOptions
{
    public string Path { get; set; } = "";
    public bool Writable { get; set; }
}
