using Mik.Durable.Diagnostics.Host.Proc;

namespace Mik.Durable.Diagnostics.Tests.Host;

public sealed class ProcParsersTests
{
    private const string Header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

    [Fact]
    public void Tcp_reads_listening_sockets_with_their_address_port_and_inode()
    {
        var text = Header +
            "   0: 00000000:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 51234 1 0000000000000000 100 0 0 10 0\n" +
            "   1: 0100007F:26C7 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 51235 1 0000000000000000 100 0 0 10 0\n" +
            "   2: 0100007F:0BB8 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 0 1 0000000000000000 20 4 30 10 -1\n";

        var sockets = ProcNetTcp.Parse(text, ipv6: false);

        Assert.Equal(new TcpSocket("0.0.0.0", 3000, true, 51234), sockets[0]);
        Assert.Equal(new TcpSocket("127.0.0.1", 9927, true, 51235), sockets[1]);
        Assert.Equal(new TcpSocket("127.0.0.1", 3000, false, 0), sockets[2]);
    }

    [Fact]
    public void Tcp6_reads_the_wildcard_loopback_and_an_IPv4_mapped_address()
    {
        var text = Header +
            "   0: 00000000000000000000000000000000:0BB8 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 777 1 0 100 0 0 10 0\n" +
            "   1: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 778 1 0 100 0 0 10 0\n" +
            "   2: 0000000000000000FFFF00000100007F:1F91 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 779 1 0 100 0 0 10 0\n";

        var sockets = ProcNetTcp.Parse(text, ipv6: true);

        Assert.Equal(["::", "::1", "127.0.0.1"], sockets.Select(s => s.Address));
        Assert.Equal([3000, 8080, 8081], sockets.Select(s => s.Port));
        Assert.All(sockets, s => Assert.True(s.Listening));
    }

    [Fact]
    public void Stat_start_time_is_found_after_a_command_name_with_spaces_and_parentheses()
    {
        var stat = "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 23 0 987654 123456789 2500 18446744073709551615";

        Assert.Equal(987654, ProcProcess.StartTicks(stat));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), ProcProcess.BootTime("cpu  1 2 3\nbtime 1700000000\nprocesses 5\n"));
    }

    [Fact]
    public void Status_gives_threads_and_rss_and_cmdline_is_argv_joined()
    {
        var status = "Name:\tmik\nVmRSS:\t   51200 kB\nThreads:\t23\n";

        Assert.Equal(23, ProcProcess.StatusValue(status, "Threads:"));
        Assert.Equal(51200, ProcProcess.StatusValue(status, "VmRSS:"));
        Assert.Null(ProcProcess.StatusValue(status, "VmSwap:"));
        Assert.Equal("/usr/bin/mik serve --config /etc/mik/mik.toml", ProcProcess.CommandLine("/usr/bin/mik\0serve\0--config\0/etc/mik/mik.toml\0"u8.ToArray()));
    }

    [Fact]
    public void Locks_lists_the_holders_of_write_flocks_only()
    {
        var locks = "1: FLOCK  ADVISORY  WRITE 4242 00:2d:1234 0 EOF\n" +
            "1: -> FLOCK  ADVISORY  WRITE 5555 00:2d:1234 0 EOF\n" +
            "2: POSIX  ADVISORY  WRITE 777 08:01:99 0 EOF\n" +
            "3: FLOCK  ADVISORY  READ 888 08:01:98 0 EOF\n";

        Assert.Equal([4242], ProcLocks.FlockWriters(locks));
    }

    [Fact]
    public void Meminfo_and_loadavg_are_read_in_bytes_and_averages()
    {
        var memory = ProcMemory.Parse("MemTotal:  8000000 kB\nMemFree: 1 kB\nMemAvailable:  4000000 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n", "max\n");

        Assert.Equal((8000000L * 1024, 4000000L * 1024, 0L, 0L, (long?)null),
            (memory.TotalBytes, memory.AvailableBytes, memory.SwapTotalBytes, memory.SwapFreeBytes, memory.CgroupLimitBytes));
        Assert.Equal(536870912, ProcMemory.Parse("MemTotal: 1 kB\n", "536870912\n").CgroupLimitBytes);
        Assert.Equal([0.5, 1.25, 2], ProcMemory.Load("0.50 1.25 2.00 1/234 5678\n"));
    }
}
