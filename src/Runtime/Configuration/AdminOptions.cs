namespace Mik.Durable.Runtime.Configuration;

/// <summary><c>[admin]</c>: the admin listener.</summary>
public sealed class AdminOptions
{
    /// <summary>Bind address of the admin API. Default <c>127.0.0.1</c>.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Port of the admin API. Default 9919.</summary>
    public int Port { get; set; } = 9919;

    /// <summary>The admin API key. Only ever read from env <c>MIK_API_KEY</c>, never from the file.</summary>
    [ConfigIgnore]
    public string ApiKey { get; set; } = "";
}
