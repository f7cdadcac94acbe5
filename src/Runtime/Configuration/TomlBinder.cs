using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Tomlyn.Model;

namespace Mik.Durable.Runtime.Configuration;

/// <summary>
/// Binds a parsed TOML table onto the options classes by snake_case name. Written by hand rather than with
/// <c>TomlSerializer</c> because an operator needs the key path of a bad value (<c>server.port</c>), not a
/// line and column, and needs every unknown key named instead of silently ignored.
/// </summary>
internal sealed class TomlBinder
{
    private readonly List<ConfigProblem> _problems = [];
    private readonly List<string> _unknownKeys = [];

    public IReadOnlyList<ConfigProblem> Problems => _problems;
    public IReadOnlyList<string> UnknownKeys => _unknownKeys;

    public void Bind(TomlTable table, object target, string prefix = "")
    {
        var properties = target.GetType()
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetCustomAttribute<ConfigIgnoreAttribute>() is null)
            .ToDictionary(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name), StringComparer.Ordinal);

        foreach (var (name, raw) in table)
        {
            var key = prefix + name;
            if (!properties.TryGetValue(name, out var property))
            {
                _unknownKeys.Add(key);
                continue;
            }
            if (TryConvert(raw, property.PropertyType, key, out var value))
                property.SetValue(target, value);
        }
    }

    private bool TryConvert(object raw, Type type, string key, out object? value)
    {
        value = null;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        switch (raw)
        {
            case long l when underlying == typeof(int):
                if (l is < int.MinValue or > int.MaxValue) return Fail(key, raw, "out of range for an integer setting");
                value = (int)l;
                return true;
            case long l when underlying == typeof(double):
                value = (double)l;
                return true;
            case double d when underlying == typeof(double):
                value = d;
                return true;
            case bool b when underlying == typeof(bool):
                value = b;
                return true;
            case string s when underlying == typeof(string):
                value = s;
                return true;
            case string s when underlying == typeof(VolumeOptions):
                value = new VolumeOptions { Path = s };
                return true;
            case TomlArray a when underlying == typeof(List<string>):
                return BindStrings(a, key, out value);
            case TomlTable t when IsStringDictionary(underlying, out var valueType):
                value = BindDictionary(t, valueType, key);
                return true;
            // Only an options class is bound from a table: a List<string> would have its own properties (Capacity) set.
            case TomlTable t when underlying.IsClass && underlying != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(underlying):
                value = Activator.CreateInstance(underlying)!;
                Bind(t, value, key + ".");
                return true;
            default:
                return Fail(key, raw, "expected " + Describe(underlying));
        }
    }

    private object BindDictionary(TomlTable table, Type valueType, string key)
    {
        var dictionary = (IDictionary)Activator.CreateInstance(
            typeof(Dictionary<,>).MakeGenericType(typeof(string), valueType), StringComparer.Ordinal)!;
        foreach (var (name, raw) in table)
        {
            if (TryConvert(raw, valueType, $"{key}.{QuoteIfNeeded(name)}", out var item))
                dictionary[name] = item;
        }
        return dictionary;
    }

    private bool BindStrings(TomlArray array, string key, out object? value)
    {
        var items = new List<string>();
        value = items;
        foreach (var raw in array)
        {
            if (raw is not string item) return Fail(key, raw ?? "(none)", "expected an array of strings");
            items.Add(item);
        }
        return true;
    }

    private bool Fail(string key, object raw, string reason)
    {
        _problems.Add(new ConfigProblem(key, ConfigLoader.ShowValue(key, raw), reason));
        return false;
    }

    private static bool IsStringDictionary(Type type, out Type valueType)
    {
        valueType = typeof(object);
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(Dictionary<,>)) return false;
        var args = type.GetGenericArguments();
        valueType = args[1];
        return args[0] == typeof(string);
    }

    private static string Describe(Type type) => type switch
    {
        _ when type == typeof(int) => "an integer",
        _ when type == typeof(double) => "a number",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(string) => "a string",
        _ when type == typeof(List<string>) => "an array of strings",
        _ when type == typeof(VolumeOptions) => "a host path or a table { path = \"…\", writable = true }",
        _ => "a table",
    };

    internal static string Render(object? raw) => raw switch
    {
        null => "(none)",
        string s => JsonSerializer.Serialize(s),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        TomlTable => "(table)",
        TomlArray or TomlTableArray => "(array)",
        _ => raw.ToString() ?? "",
    };

    private static string QuoteIfNeeded(string name) =>
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? name : JsonSerializer.Serialize(name);
}
