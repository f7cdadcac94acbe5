using System.Buffers.Text;
using System.Runtime.InteropServices;

namespace Mik.Durable.Runtime.Admission;

/// <summary>What Linux's scheduler says about one thread of this process.</summary>
/// <param name="CpuNanoseconds">Time the thread has run on a CPU (first field of <c>schedstat</c>).</param>
/// <param name="Runnable">Whether it is running or waiting for a CPU (state R), rather than blocked or asleep.</param>
internal readonly partial record struct ThreadSchedule(long CpuNanoseconds, bool Runnable)
{
    [ThreadStatic]
    private static int _osThreadId;

    /// <summary>The calling thread's kernel id; one system call per thread, then cached.</summary>
    public static int CurrentThreadId => _osThreadId != 0 ? _osThreadId : _osThreadId = Native.gettid();

    /// <summary>The thread's figures from <c>/proc</c>, or null when they cannot be read.</summary>
    public static ThreadSchedule? Read(int osThreadId)
    {
        try
        {
            Span<byte> buffer = stackalloc byte[512];
            var schedstat = ReadFile($"/proc/self/task/{osThreadId}/schedstat", buffer);
            var space = schedstat.IndexOf((byte)' ');
            if (space < 0 || !Utf8Parser.TryParse(schedstat[..space], out long cpu, out _)) return null;
            // The state is the first field after the command name, which is in parentheses and may hold spaces.
            var stat = ReadFile($"/proc/self/task/{osThreadId}/stat", buffer);
            var close = stat.LastIndexOf((byte)')');
            if (close < 0 || close + 2 >= stat.Length) return null;
            return new ThreadSchedule(cpu, stat[close + 2] == (byte)'R');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static Span<byte> ReadFile(string path, Span<byte> buffer)
    {
        using var file = File.OpenHandle(path);
        return buffer[..RandomAccess.Read(file, buffer, 0)];
    }

    private static partial class Native
    {
        [LibraryImport("libc")]
        internal static partial int gettid();
    }
}
