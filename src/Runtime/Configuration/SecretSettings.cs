using System.Collections;
using System.Reflection;
using System.Text.Json;

namespace Mik.Durable.Runtime.Configuration;

/// <summary>
/// Which settings hold secrets, by the <see cref="SecretAttribute"/> mark on the options classes: the one rule that
/// the loader's error lines, admin <c>GET /config</c> and the diagnostics' configuration copies all follow.
/// </summary>
public static class SecretSettings
{
    /// <summary>What a secret setting shows when it is set.</summary>
    public const string Redacted = "[redacted]";

    /// <summary>The snake_case key of a property, as the file and the environment overrides spell it.</summary>
    public static string KeyOf(PropertyInfo property) => JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);

    /// <summary>The settings of an options class: its public, writable, non-indexed properties.</summary>
    public static IEnumerable<PropertyInfo> Settings(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.GetIndexParameters().Length == 0);

    public static bool IsSecret(PropertyInfo property) => property.GetCustomAttribute<SecretAttribute>() is not null;

    /// <summary>
    /// Whether a key path (<c>database.url</c>, <c>modules.hello.env.TOKEN</c>) lands on a secret setting. True also
    /// for a key that names no setting at all: what cannot be placed is not shown. A suffix such as
    /// <c>" (env PORT)"</c> is ignored.
    /// </summary>
    public static bool IsSecretKey(string key)
    {
        var path = key.Split(' ', 2)[0].Split('.');
        // The loader's own problems with the file itself: the value is its path, or a line and column.
        if (path is ["config"]) return false;
        var type = typeof(MikConfig);
        for (var i = 0; i < path.Length; i++)
        {
            var property = Settings(type).FirstOrDefault(p => KeyOf(p) == path[i]);
            if (property is null || IsSecret(property)) return true;
            type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (typeof(IDictionary).IsAssignableFrom(type) && type.IsGenericType)
            {
                // The next part is a name the operator chose (a module, a guest path); the value type follows it.
                i++;
                type = type.GetGenericArguments()[1];
            }
            if (type == typeof(string) || type.IsPrimitive) return i < path.Length - 1;
        }
        return false;
    }
}
