namespace Mik.Durable.Diagnostics.Host.Proc;

/// <summary>One line of <c>/proc/net/tcp</c> or <c>tcp6</c>: the local address and port, LISTEN or not, its socket inode.</summary>
internal sealed record TcpSocket(string Address, int Port, bool Listening, long Inode);
