using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Mik.Durable.EndToEnd.Tests.Secrets;

/// <summary>
/// Secret canaries and every place they were found. Each canary is looked for as written, URL-encoded, hex (either
/// case) and base64 (standard and URL-safe, at each of the three byte alignments it can have inside a longer encoded
/// text), so a secret that was merely encoded on its way out still counts.
/// </summary>
internal sealed partial class CanaryScan
{
    private readonly List<(string Canary, string Form, string Text, StringComparison Comparison)> _needles = [];
    private readonly ConcurrentQueue<string> _hits = new();
    private int _places;

    public CanaryScan(params (string Name, string Value)[] canaries)
    {
        foreach (var (name, value) in canaries)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            Add(name, "plain", value, StringComparison.OrdinalIgnoreCase);
            Add(name, "url-encoded", Uri.EscapeDataString(value), StringComparison.OrdinalIgnoreCase);
            // A request path as ASP.NET Core hands it on: unescaped but for the separator.
            Add(name, "path-escaped", value.Replace("/", "%2F", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
            Add(name, "hex", Convert.ToHexString(bytes), StringComparison.OrdinalIgnoreCase);
            for (var shift = 0; shift < 3; shift++)
            {
                var core = Base64Core(bytes, shift);
                Add(name, $"base64+{shift}", core, StringComparison.Ordinal);
                Add(name, $"base64url+{shift}", core.Replace('+', '-').Replace('/', '_'), StringComparison.Ordinal);
            }
        }
    }

    /// <summary>How many places were searched: a scan that looked nowhere proves nothing.</summary>
    public int Places => _places;

    public IReadOnlyCollection<string> Hits => _hits;

    public void Check(string where, string? text)
    {
        Interlocked.Increment(ref _places);
        if (string.IsNullOrEmpty(text)) return;
        Search(where, text);
        // mik's JSON escapes '+' and quotes as \u002B and \u0022, and a log line inside a Loki push or an event is
        // escaped once more (\\u002B): search the text with every level of JSON escaping undone too.
        var unescaped = JsonEscape().Replace(text, m => m.Groups[1].Success
            ? ((char)Convert.ToInt32(m.Groups[1].Value, 16)).ToString()
            : m.Groups[2].Value);
        if (unescaped != text) Search(where + " (JSON escapes undone)", unescaped);
    }

    private void Search(string where, string text)
    {
        foreach (var (canary, form, needle, comparison) in _needles)
        {
            var at = text.IndexOf(needle, comparison);
            if (at < 0) continue;
            var from = Math.Max(0, at - 60);
            var context = text.Substring(from, Math.Min(text.Length - from, needle.Length + 120)).ReplaceLineEndings(" ");
            _hits.Enqueue($"{canary} ({form}) in {where}: …{context}…");
        }
    }

    /// <summary>Bytes as Latin-1, so any byte sequence is searchable as text and offsets stay byte offsets.</summary>
    public void Check(string where, byte[] bytes) => Check(where, Encoding.Latin1.GetString(bytes));

    /// <summary>Every file under <paramref name="root"/> (symlinks not followed) but <paramref name="except"/>, read as it is on disk.</summary>
    public void CheckFolder(string label, string root, params string[] except)
    {
        if (!Directory.Exists(root)) return;
        foreach (var file in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
        {
            if (except.Contains(file, StringComparer.Ordinal)) continue;
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(file);
            }
            catch (IOException)
            {
                continue; // gone meanwhile (a spool replayed, a temporary file renamed)
            }
            Check($"{label}/{Path.GetRelativePath(root, file)}", bytes);
        }
    }

    public string Report() =>
        _hits.IsEmpty ? $"no canary in {_places} places" : $"{_hits.Count} canary hit(s) in {_places} places:\n" + string.Join('\n', _hits.Distinct());

    [GeneratedRegex(@"\\+(?:u([0-9a-fA-F]{4})|([/""\\]))")]
    private static partial Regex JsonEscape();

    private void Add(string canary, string form, string text, StringComparison comparison)
    {
        if (text.Length > 0 && !_needles.Any(n => n.Canary == canary && n.Text == text)) _needles.Add((canary, form, text, comparison));
    }

    /// <summary>
    /// The base64 characters fixed by <paramref name="bytes"/> alone when they start <paramref name="shift"/> bytes
    /// into a 3-byte group: the characters shared with the bytes before and after are left out.
    /// </summary>
    private static string Base64Core(byte[] bytes, int shift)
    {
        var encoded = Convert.ToBase64String([.. new byte[shift], .. bytes]).TrimEnd('=');
        var skip = shift == 0 ? 0 : 4;
        var whole = (shift + bytes.Length) / 3 * 4;
        return whole > skip ? encoded[skip..whole] : "";
    }
}
