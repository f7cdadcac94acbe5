using System.Collections;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Diagnostics.Data.Config;

/// <summary>Whether a key path (<c>database.url</c>, <c>modules.hello.env.TOKEN</c>) lands on a setting marked <see cref="SecretAttribute"/>.</summary>
internal static class SecretKeys
{
    /// <summary>
    /// True for a secret setting and for a key that names no setting at all: what cannot be placed is not shown.
    /// A suffix such as <c>" (env PORT)"</c> is ignored.
    /// </summary>
    public static bool IsSecret(string key)
    {
        var path = key.Split(' ', 2)[0].Split('.');
        // The loader's own problems with the file itself: the value is its path, or a line and column.
        if (path is ["config"]) return false;
        var type = typeof(MikConfig);
        for (var i = 0; i < path.Length; i++)
        {
            var property = ConfigRenderer.Settings(type).FirstOrDefault(p => ConfigRenderer.KeyOf(p) == path[i]);
            if (property is null) return true;
            if (ConfigRenderer.IsSecret(property)) return true;
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
