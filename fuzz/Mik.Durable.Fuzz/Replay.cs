namespace Mik.Durable.Fuzz;

/// <summary>Runs saved inputs through a target and prints each one's outcome: how a crash found by afl-fuzz is reproduced.</summary>
internal static class Replay
{
    public static int Run(string targetName, IEnumerable<string> paths)
    {
        using var target = FuzzTargets.Create(targetName);
        var failed = 0;
        var files = paths.SelectMany<string, string>(p => Directory.Exists(p) ? Directory.EnumerateFiles(p).Order(StringComparer.Ordinal) : [p]);
        foreach (var file in files)
        {
            try
            {
                target.Run(File.ReadAllBytes(file));
                Console.WriteLine($"ok   {file}");
            }
            catch (Exception e)
            {
                failed++;
                Console.WriteLine($"FAIL {file}: {e}");
            }
        }
        Console.WriteLine($"{targetName}: {failed} failing input(s)");
        return failed == 0 ? 0 : 1;
    }
}
