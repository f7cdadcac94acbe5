using Mik.Durable.Runtime.Wasm;

namespace Mik.Durable.Runtime.Wagi;

/// <summary>Maps how a guest run ended to a failure kind (docs/runtime.md), or null when stdout should be parsed.</summary>
internal static class WagiOutcome
{
    /// <summary>Every instantiate_failed message starts with this (docs/wagi.md: the log says "Failed to instantiate").</summary>
    public const string FailedToInstantiate = "Failed to instantiate: ";

    public static WagiFailure? Classify(GuestRun run, WagiModule module, OutputBuffer stdout)
    {
        // Both runners refuse an oversized write through the buffer before failing the guest, so the buffer knows.
        if (stdout.Overflowed)
            return new WagiFailure(WagiFailureKind.OutputTooLarge, $"the handler wrote more than {stdout.Limit} bytes to stdout");

        var error = run.Error;
        if (error is null) return null;
        if (!run.Instantiated)
            return new WagiFailure(WagiFailureKind.InstantiateFailed, $"{FailedToInstantiate}{Describe(error, run.Function)}");

        var exitCode = run.ExitCode;
        if (exitCode == 0) return null;
        if (run.Interrupted)
            return new WagiFailure(WagiFailureKind.HandlerTimeout, $"the handler ran longer than {module.Settings.Timeout.TotalSeconds:0.###} s");

        var failure = exitCode is int code
            ? new WagiFailure(WagiFailureKind.HandlerExit, $"the handler exited with code {code}")
            : new WagiFailure(WagiFailureKind.HandlerTrap, $"the handler trapped: {Describe(error, run.Function)}");
        return IsNearMemoryCap(run.MemoryBytes, module.MaxMemoryBytes)
            ? new WagiFailure(WagiFailureKind.MemoryLimit,
                $"the handler failed after its memory reached the {module.MaxMemoryBytes / (1024 * 1024.0):0.##} MiB limit ({failure.Message})")
            : failure;
    }

    /// <summary>
    /// Wasmtime refuses a memory.grow past the Store limit without a trap or a callback, so a refusal is inferred:
    /// the guest failed while its memory was within max(64 KiB, cap/16) of the cap.
    /// </summary>
    public static bool IsNearMemoryCap(long memoryBytes, long capBytes) =>
        memoryBytes >= 0 && memoryBytes >= capBytes - Math.Max(64 * 1024, capBytes / 16);

    /// <summary>
    /// Wasmtime's message is a backtrace followed by "Caused by:"; the cause and the innermost named function are
    /// what an operator needs in a one-line log field.
    /// </summary>
    internal static string Describe(Exception error, string? function)
    {
        var lines = error.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var caused = Array.IndexOf(lines, "Caused by:");
        // A backtrace heading is noise; other context lines ("incompatible import type for …") are not.
        var start = caused >= 0 && lines[0].StartsWith("error while executing", StringComparison.Ordinal) ? caused + 1 : 0;
        var text = string.Join(": ", lines.Skip(start).Where(l => l != "Caused by:"));
        if (text.Length == 0) text = error.GetType().Name;
        if (!string.IsNullOrEmpty(function)) text += $" (in function '{function}')";
        return text;
    }
}
