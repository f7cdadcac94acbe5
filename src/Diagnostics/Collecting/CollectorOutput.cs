using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace Mik.Durable.Diagnostics.Collecting;

/// <summary>The files one collector produced, by path inside the bundle (forward slashes, no leading slash).</summary>
public sealed class CollectorOutput
{
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, byte[]> Files => _files;

    public void Add(string path, byte[] content)
    {
        if (path.Length == 0 || path.StartsWith('/') || path.Contains("..", StringComparison.Ordinal) || path.Contains('\\'))
            throw new ArgumentException($"not a bundle path: {path}", nameof(path));
        _files[path] = content;
    }

    public void AddText(string path, string text) => Add(path, Encoding.UTF8.GetBytes(text));

    public void AddJson<T>(string path, T value) => Add(path, JsonSerializer.SerializeToUtf8Bytes(value, EvidenceJson.Options));
}
