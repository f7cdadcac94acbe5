namespace Mik.Durable.Api.Hosting;

/// <summary>The two Kestrel listeners: handlers on :3000, the admin API on :9919.</summary>
internal enum Listener
{
    Runtime,
    Admin,
}
