using System.Text.Json;

namespace Mik.Durable.Api.Cluster.Convergence;

/// <summary>
/// <c>&lt;state_dir&gt;/convergence.json</c>: per module stream the version last read and what it asked for, and per
/// module the activation last recorded, so a restart neither folds unchanged streams again nor records the same
/// <c>ModuleActivated</c> twice. Only the convergence loop uses it (one pass at a time). Unreadable → started over:
/// that costs one read per stream and at most one repeated <c>ModuleActivated</c> per module.
/// </summary>
internal sealed class ConvergenceStateFile
{
    public const string FileName = "convergence.json";
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly string _path;
    private readonly Content _content;

    private ConvergenceStateFile(string path, Content content)
    {
        _path = path;
        _content = content;
    }

    /// <summary>Where the file is.</summary>
    public string FilePath => _path;

    /// <summary>Module → what its stream asks for, as of the version last read.</summary>
    public Dictionary<string, StreamDesire> Streams => _content.Streams;

    /// <summary>Module → the sha256 this instance last reported serving ("" = reported no longer serving it).</summary>
    public Dictionary<string, string> Reported => _content.Reported;

    /// <summary>The file's content, or an empty state and the reason it could not be read.</summary>
    public static (ConvergenceStateFile State, string? Unreadable) Load(string stateDir)
    {
        var path = Path.Combine(stateDir, FileName);
        try
        {
            if (!File.Exists(path)) return (new(path, new Content()), null);
            var read = JsonSerializer.Deserialize<Content>(File.ReadAllBytes(path), Json) ?? new Content();
            return (new(path, read.Normalized()), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return (new(path, new Content()), e.Message);
        }
    }

    /// <summary>Writes the state atomically (a temporary file renamed over it); throws IOException or UnauthorizedAccessException.</summary>
    public void Save()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var temp = _path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, _content, Json);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, _path, overwrite: true);
    }

    private sealed class Content
    {
        public Dictionary<string, StreamDesire> Streams { get; set; } = new(StringComparer.Ordinal);
        public Dictionary<string, string> Reported { get; set; } = new(StringComparer.Ordinal);

        private bool Complete => Streams is not null && Reported is not null && Streams.Values.All(s => s?.Sha256 is not null);

        public Content Normalized() => Complete
            ? new Content { Streams = new(Streams, StringComparer.Ordinal), Reported = new(Reported, StringComparer.Ordinal) }
            : throw new JsonException("missing fields");
    }
}
