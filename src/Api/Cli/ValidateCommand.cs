using System.CommandLine;
using System.Text.Json;
using Mik.Durable.Api.Cli.Local;
using Spectre.Console;

namespace Mik.Durable.Api.Cli;

/// <summary>
/// <c>mik validate FILE...</c>: whether each file can run as a handler on this mik, loaded by the server's own
/// rules. Exit 0 when every file can; 1 with one line per reason otherwise.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("file") { Description = "WebAssembly files to check", Arity = ArgumentArity.OneOrMore };
        var configOption = ConfigOption.Create();
        var json = CliConventions.JsonOption();
        var verbose = CliConventions.VerboseOption();
        var command = new Command("validate", "Check that .wasm files can run as handlers here (imports, exports, entrypoint)")
        {
            files, configOption, json, verbose,
        };
        command.SetAction(result =>
        {
            var (output, error) = (result.InvocationConfiguration.Output, result.InvocationConfiguration.Error);
            return CliConventions.Guard(error, result.GetValue(verbose), () =>
            {
                var config = CliConfig.Load(result.GetValue(configOption), error, out var exit);
                if (config is null) return exit;
                using var runtime = new LocalRuntime(config);
                var reports = result.GetValue(files)!.Select(f => ModuleValidator.Validate(runtime, f)).ToList();
                if (CliConventions.WantsJson(result, json))
                {
                    foreach (var report in reports) output.WriteLine(JsonSerializer.Serialize(report));
                }
                else
                {
                    foreach (var report in reports) WriteText(output, report);
                }
                return reports.All(r => r.CanRun) ? ExitCodes.Ok : ExitCodes.Failure;
            });
        });
        return command;
    }

    private static void WriteText(TextWriter output, ModuleValidation report)
    {
        var terminal = CliConventions.IsTerminal(output);
        void Line(string colour, string label, string text)
        {
            if (terminal) CliConventions.Terminal.MarkupLine($"{Markup.Escape(report.File)}: [{colour}]{label}[/]{Markup.Escape(text)}");
            else output.WriteLine($"{report.File}: {label}{text}");
        }
        if (report.CanRun) Line("green", "ok", ": can run as a handler");
        foreach (var error in report.Errors) Line("red", "error", ": " + error);
        foreach (var warning in report.Warnings) Line("yellow", "warning", ": " + warning);
        if (report.Kind is not null) output.WriteLine($"  {report.Kind}: " + (report.World is { } world ? $"{world} world" : "no world mik serves"));
        if (report.Imports.Count > 0) output.WriteLine("  imports: " + string.Join(", ", report.Imports));
        if (report.Exports.Count > 0) output.WriteLine("  exports: " + string.Join(", ", report.Exports));
    }
}
