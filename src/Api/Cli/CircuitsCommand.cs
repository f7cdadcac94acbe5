using System.CommandLine;
using Mik.Durable.Api.Cli.Client;

namespace Mik.Durable.Api.Cli;

/// <summary><c>mik circuits</c>: <c>GET /circuits</c>; <c>mik circuits reset MODULE</c>: <c>POST /circuits/{module}/reset</c>.</summary>
internal static class CircuitsCommand
{
    private static readonly IReadOnlyList<Column> Columns =
    [
        Column.Of("MODULE", "module", whole: true),
        Column.Of("STATE", "state"),
        Column.Of("THRESHOLD", "failure_threshold"),
        Column.Of("RECOVERY_S", "recovery_timeout_s"),
        Column.Of("PROBE_IN_S", "retry_after_s"),
    ];

    public static Command Create()
    {
        var options = new ClientOptions();
        var command = options.AddTo(new Command("circuits", "The circuit breakers of a running mik (admin API)") { ResetCommand() });
        command.SetAction((result, cancellationToken) => ClientCommandRunner.RunAsync(result, options, async (client, output, ct) =>
        {
            var circuits = await client.GetAsync("circuits", null, ct);
            await output.RowsAsync(circuits.EnumerateArray(), Columns, "no circuits");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command ResetCommand()
    {
        var options = new ClientOptions();
        var module = new Argument<string>("module") { Description = "The module whose circuit to close" };
        var command = options.AddTo(new Command("reset", "Close a module's circuit by hand (recorded as CircuitReset first)") { module });
        command.SetAction((result, cancellationToken) => ClientCommandRunner.RunAsync(result, options, async (client, output, ct) =>
        {
            var name = result.GetRequiredValue(module);
            var circuit = await client.SendAsync(HttpMethod.Post, $"circuits/{Uri.EscapeDataString(name)}/reset", null, name, ct);
            if (output.IsTable) output.Note($"circuit of {name} is {JsonText.At(circuit, "state")}");
            else await output.JsonLineAsync(circuit);
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
