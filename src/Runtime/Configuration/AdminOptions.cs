namespace Mik.Durable.Runtime.Configuration;

/// <summary><c>[admin]</c>: the admin listener.</summary>
public sealed class AdminOptions
{
    /// <summary>Bind address of the admin API. Default <c>127.0.0.1</c>.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Port of the admin API. Default 9919.</summary>
    public int Port { get; set; } = 9919;

    /// <summary>
    /// Refused requests (401/403) one address may make in a row before it is answered 429 for a while; the
    /// allowance refills evenly over <see cref="AuthFailureWindowSecs"/>. Default 10; 0 turns throttling off.
    /// </summary>
    public int AuthFailureBurst { get; set; } = 10;

    /// <summary>Seconds over which an address's <see cref="AuthFailureBurst"/> refills in full. Default 60.</summary>
    public int AuthFailureWindowSecs { get; set; } = 60;

    /// <summary>Largest module <c>PUT /modules/{name}</c> accepts, in MiB. Default 64.</summary>
    public int MaxModuleMb { get; set; } = 64;

    /// <summary>The admin API key. Only ever read from env <c>MIK_API_KEY</c>, never from the file.</summary>
    [ConfigIgnore]
    [Secret]
    public string ApiKey { get; set; } = "";
}
