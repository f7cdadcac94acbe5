using YamlDotNet.RepresentationModel;

namespace Mik.Durable.EndToEnd.Tests.Deploy;

/// <summary>Small reading helpers over YamlDotNet's representation model.</summary>
internal static class Yaml
{
    /// <summary>Every document of a YAML file or text (a file may hold several, separated by <c>---</c>).</summary>
    public static List<YamlMappingNode> Documents(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return [.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)];
    }

    public static YamlMappingNode Load(string text) => Assert.Single(Documents(text));

    /// <summary>The node at <paramref name="path"/> (mapping keys, or list indexes as numbers); fails the test naming the missing key.</summary>
    public static YamlNode At(this YamlNode node, params object[] path)
    {
        var current = node;
        foreach (var step in path)
        {
            current = (current, step) switch
            {
                (YamlMappingNode map, string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var child)
                    ? child
                    : throw new Xunit.Sdk.XunitException($"no key '{key}' (path {string.Join('.', path)})"),
                (YamlSequenceNode list, int index) => list.Children[index],
                _ => throw new Xunit.Sdk.XunitException($"cannot take '{step}' of a {current.NodeType} (path {string.Join('.', path)})"),
            };
        }
        return current;
    }

    public static string Text(this YamlNode node, params object[] path) => ((YamlScalarNode)node.At(path)).Value ?? "";

    public static IEnumerable<YamlNode> Items(this YamlNode node, params object[] path) => ((YamlSequenceNode)node.At(path)).Children;

    public static bool Has(this YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.ContainsKey(new YamlScalarNode(key));
}
