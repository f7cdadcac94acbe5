using Mik.Durable.Api.Cli;

// WebApplicationFactory<Program> starts the entry point with host settings only (--environment=…): that is a serve.
if (args.Length > 0 && args.All(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=')))
    args = ["serve", .. args];

return await MikCommandLine.RunAsync(args);

public partial class Program;
