namespace Mik.Durable.Runtime.Configuration;

/// <summary>
/// The file named by <c>--config</c> cannot be used (empty name, a folder, missing, unreadable): a usage error, one
/// line naming the option. Falling back to another file or the defaults instead would start a server the operator
/// did not describe.
/// </summary>
public sealed class ConfigOptionException(string value, string reason)
    : Exception($"--config {TomlBinder.Render(value)}: {reason}");
