using System.Globalization;
using System.Text;

namespace Mik.Durable.Api.Admin.Modules;

internal static class ModuleNames
{
    /// <summary>
    /// A name as it may be recorded: a refused upload's name can be anything, but not megabytes, and not control
    /// characters that would reach a terminal or a log reader as they are (<c>a\nb</c> is kept as <c>a\\nb</c>).
    /// A module name passes unchanged.
    /// </summary>
    public static string ForRecord(string name)
    {
        var cut = name.Length <= 64 ? name : name[..64];
        var escaped = new StringBuilder(cut.Length);
        foreach (var c in cut)
        {
            escaped.Append(c switch
            {
                '\\' => @"\\",
                '\n' => @"\n",
                '\r' => @"\r",
                '\t' => @"\t",
                < ' ' or > '~' => @"\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }
}
