using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Mik.Durable.Api.Tests.Support;

namespace Mik.Durable.Api.Tests.Functional;

/// <summary>
/// <c>mik serve</c> through <see cref="WebApplicationFactory{TEntryPoint}"/>: the real entry point, command line,
/// configuration file and host, on Kestrel (the admin API is told apart by the port a request arrives on, which the
/// in-memory test server does not have), with the test PostgreSQL (a schema of its own) and a modules folder of its own.
/// </summary>
public class MikFactory : WebApplicationFactory<Program>
{
    /// <summary>The admin API key of every factory: a canary that must never show up in a log line, event or answer.</summary>
    public const string ApiKey = "canary-8d1f0c2e-waf-key";

    private readonly string _configPath;

    public MikFactory() : this("") { }

    /// <param name="extraToml">More keys of <c>[admin]</c> (or whole sections) for <c>mik.toml</c>.</param>
    /// <param name="databaseUrl">Another PostgreSQL than the test one (e.g. one that is not there).</param>
    protected MikFactory(string extraToml, string? databaseUrl = null)
    {
        // The key is only ever read from the environment; every factory in this process uses the same one.
        Environment.SetEnvironmentVariable("MIK_API_KEY", ApiKey);
        Root = Directory.CreateTempSubdirectory("mik-waf-").FullName;
        ModulesDir = Directory.CreateDirectory(Path.Combine(Root, "modules")).FullName;
        LogFile = Path.Combine(Root, "mik.log");
        RuntimePort = FreePort.Next();
        AdminPort = FreePort.Next();
        _configPath = Path.Combine(Root, "mik.toml");
        Schema = TestDatabase.NewSchema();
        File.WriteAllText(_configPath, $"""
            [server]
            host = "127.0.0.1"
            port = {RuntimePort}
            modules = "{Escape(ModulesDir)}"
            [admin]
            host = "127.0.0.1"
            port = {AdminPort}
            {extraToml}
            [database]
            url = "{Escape(databaseUrl ?? TestDatabase.ConnectionString)}"
            schema = "{Schema}"
            [logging]
            file = "{Escape(LogFile)}"
            [state]
            dir = "{Escape(Path.Combine(Root, "state"))}"
            """);
        UseKestrel();
    }

    public string Root { get; }
    /// <summary>The <c>[database] schema</c> of this mik on the test PostgreSQL.</summary>
    public string Schema { get; }
    public string ModulesDir { get; }
    public string LogFile { get; }
    public int RuntimePort { get; }
    public int AdminPort { get; }

    /// <summary>A client of the admin API, with the key unless <paramref name="key"/> says otherwise ("" = no header).</summary>
    public HttpClient Admin(string? key = ApiKey)
    {
        StartServer();
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{AdminPort}") };
        if (!string.IsNullOrEmpty(key)) client.DefaultRequestHeaders.Add("X-API-Key", key);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public HttpClient Runtime()
    {
        StartServer();
        return new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{RuntimePort}") };
    }

    /// <summary>
    /// Waits until <c>/health</c> says ready: readiness waits for the first convergence pass, which on a loaded machine
    /// can take longer than a test's first request.
    /// </summary>
    public async Task ReadyAsync()
    {
        using var probe = Admin(key: "");
        var ct = TestContext.Current.CancellationToken;
        for (var waited = 0; ; waited += 100)
        {
            using var response = await probe.GetAsync("/health", ct);
            if (response.StatusCode == System.Net.HttpStatusCode.OK) return;
            if (waited > 60_000) throw new TimeoutException("mik not ready after 60 s: " + await response.Content.ReadAsStringAsync(ct));
            await Task.Delay(100, ct);
        }
    }

    /// <summary>Copies a test guest into the modules folder (as the file deployment path does).</summary>
    public void CopyGuest(string guest, string module) =>
        File.Copy(Path.Combine(AppContext.BaseDirectory, "guests", guest + ".wasm"), Path.Combine(ModulesDir, module + ".wasm"), overwrite: true);

    public static byte[] Guest(string guest) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "guests", guest + ".wasm"));

    // `--config=<file>`: the factory hands its settings to the entry point as arguments; Program takes them for a serve.
    protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseSetting("config", _configPath);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // The log file may still be flushed by a logger that outlives the host by a moment; /tmp is cleaned anyway.
        }
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
