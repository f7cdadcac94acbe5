using System.Text;

namespace Mik.Durable.Fuzz.Tests;

/// <summary>
/// The short CI run of a fuzz target: every seed of <c>fuzz/corpus/&lt;target&gt;</c>, then deterministic mutations,
/// through the target afl-fuzz runs (<see cref="FuzzTargets"/>). Each input has a budget that only a true hang uses
/// up; a failing input is saved to a file and named with the command that replays it.
/// </summary>
internal static class FuzzRun
{
    private static readonly TimeSpan HangBudget = TimeSpan.FromSeconds(30);

    public static void Check(string targetName, int mutations, int seed = 18)
    {
        var seeds = Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "corpus", targetName))
            .Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        Assert.True(seeds.Count >= 5, $"fuzz/corpus/{targetName} holds {seeds.Count} seeds");
        var inputs = seeds.Concat(new Mutator(seeds, seed).Take(mutations));

        using var target = FuzzTargets.Create(targetName);
        var failures = new List<string>();
        var index = 0;
        foreach (var input in inputs)
        {
            var failure = Failure(target, input);
            if (failure is not null && failures.Count < 5) failures.Add(Describe(targetName, index, input, failure));
            // A hung input still runs on its thread; the target is not fit for another one.
            if (failure is not null && failure.StartsWith("hang", StringComparison.Ordinal)) break;
            index++;
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine + Environment.NewLine, failures));
    }

    private static string? Failure(IFuzzTarget target, byte[] input)
    {
        var run = Task.Run(() => target.Run(input));
        try
        {
            return run.Wait(HangBudget) ? null : $"hang: still running after {HangBudget.TotalSeconds} s";
        }
        catch (AggregateException e)
        {
            return e.InnerException!.ToString();
        }
    }

    private static string Describe(string target, int index, byte[] input, string failure)
    {
        var saved = Path.Combine(Path.GetTempPath(), $"mik-fuzz-{target}-{index}.bin");
        File.WriteAllBytes(saved, input);
        var shown = input.Length <= 512 ? Encoding.UTF8.GetString(input).Replace("\n", "\\n", StringComparison.Ordinal) : $"{input.Length} bytes";
        return $"input {index} ({shown}), saved to {saved}; replay: scripts/fuzz.sh replay {target} {saved}{Environment.NewLine}{failure}";
    }
}
