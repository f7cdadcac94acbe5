using System.CommandLine;
using System.CommandLine.Invocation;
using System.Runtime.InteropServices;
using Mik.Durable.Runtime.Wasm;

namespace Mik.Durable.Api.Cli;

/// <summary><c>mik --version</c>: mik's version and the Wasmtime and .NET it runs on (what a bug report needs).</summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    public static void Install(RootCommand root)
    {
        foreach (var option in root.Options.OfType<VersionOption>()) option.Action = new VersionAction();
    }

    public override int Invoke(ParseResult parseResult)
    {
        var output = parseResult.InvocationConfiguration.Output;
        output.WriteLine($"mik {MikVersion.Current}");
        output.WriteLine($"wasmtime {WasmEngine.WasmtimeVersion}");
        output.WriteLine($".NET {Environment.Version} ({RuntimeInformation.RuntimeIdentifier})");
        return ExitCodes.Ok;
    }
}
