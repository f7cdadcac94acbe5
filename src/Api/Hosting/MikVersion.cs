using System.Reflection;

namespace Mik.Durable.Api;

internal static class MikVersion
{
    public static string Current { get; } =
        typeof(MikVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";
}
