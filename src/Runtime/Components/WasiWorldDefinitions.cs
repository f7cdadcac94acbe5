using static Mik.Durable.Runtime.Components.HttpComponentLinker;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// The rest of what components import beside <c>wasi:http</c> and <c>wasi:io</c>: <c>wasi:clocks</c>,
/// <c>wasi:random</c>, <c>wasi:cli</c> and <c>wasi:filesystem</c>, mik's own host functions at
/// <see cref="HttpComponentLinker.Version"/>. Wasmtime's <c>wasmtime_component_linker_add_wasip2</c> cannot serve
/// them beside mik's <c>wasi:io</c> (docs/components.md).
/// </summary>
internal static unsafe class WasiWorldDefinitions
{
    public static void Define(IntPtr root)
    {
        const string version = HttpComponentLinker.Version;
        HttpComponentLinker.Define(root, $"wasi:clocks/monotonic-clock@{version}", instance =>
        {
            Func(instance, "now", &ClocksHost.MonotonicNow);
            Func(instance, "resolution", &ClocksHost.MonotonicResolution);
            Func(instance, "subscribe-instant", &ClocksHost.SubscribeInstant);
            Func(instance, "subscribe-duration", &ClocksHost.SubscribeDuration);
        });
        HttpComponentLinker.Define(root, $"wasi:clocks/wall-clock@{version}", instance =>
        {
            Func(instance, "now", &ClocksHost.WallNow);
            Func(instance, "resolution", &ClocksHost.WallResolution);
        });
        HttpComponentLinker.Define(root, $"wasi:random/random@{version}", instance =>
        {
            Func(instance, "get-random-bytes", &RandomHost.Bytes);
            Func(instance, "get-random-u64", &RandomHost.U64);
        });
        HttpComponentLinker.Define(root, $"wasi:random/insecure@{version}", instance =>
        {
            Func(instance, "get-insecure-random-bytes", &RandomHost.InsecureBytes);
            Func(instance, "get-insecure-random-u64", &RandomHost.InsecureU64);
        });
        HttpComponentLinker.Define(root, $"wasi:random/insecure-seed@{version}",
            instance => Func(instance, "insecure-seed", &RandomHost.InsecureSeed));
        DefineCli(root, version);
        DefineFilesystem(root, version);
    }

    private static void DefineCli(IntPtr root, string version)
    {
        HttpComponentLinker.Define(root, $"wasi:cli/environment@{version}", instance =>
        {
            Func(instance, "get-environment", &CliHost.Environment);
            Func(instance, "get-arguments", &CliHost.Arguments);
            Func(instance, "initial-cwd", &CliHost.None);
        });
        HttpComponentLinker.Define(root, $"wasi:cli/exit@{version}", instance =>
        {
            Func(instance, "exit", &CliHost.Exit);
            Func(instance, "exit-with-code", &CliHost.ExitWithCode);
        });
        HttpComponentLinker.Define(root, $"wasi:cli/stdin@{version}", instance => Func(instance, "get-stdin", &CliHost.Stdin));
        HttpComponentLinker.Define(root, $"wasi:cli/stdout@{version}", instance => Func(instance, "get-stdout", &CliHost.Stdout));
        HttpComponentLinker.Define(root, $"wasi:cli/stderr@{version}", instance => Func(instance, "get-stderr", &CliHost.Stderr));
        HttpComponentLinker.Define(root, $"wasi:cli/terminal-input@{version}",
            instance => Resource(instance, "terminal-input", HttpResource.TerminalInput));
        HttpComponentLinker.Define(root, $"wasi:cli/terminal-output@{version}",
            instance => Resource(instance, "terminal-output", HttpResource.TerminalOutput));
        HttpComponentLinker.Define(root, $"wasi:cli/terminal-stdin@{version}",
            instance => Func(instance, "get-terminal-stdin", &CliHost.None));
        HttpComponentLinker.Define(root, $"wasi:cli/terminal-stdout@{version}",
            instance => Func(instance, "get-terminal-stdout", &CliHost.None));
        HttpComponentLinker.Define(root, $"wasi:cli/terminal-stderr@{version}",
            instance => Func(instance, "get-terminal-stderr", &CliHost.None));
    }

    private static void DefineFilesystem(IntPtr root, string version)
    {
        HttpComponentLinker.Define(root, $"wasi:filesystem/types@{version}", instance =>
        {
            Resource(instance, "descriptor", HttpResource.Descriptor);
            Resource(instance, "directory-entry-stream", HttpResource.DirectoryEntryStream);
            foreach (var method in FilesystemHost.ResultMethods) Func(instance, method, &FilesystemHost.Unsupported);
            Func(instance, "[method]descriptor.is-same-object", &FilesystemHost.IsSameObject);
            Func(instance, "filesystem-error-code", &FilesystemHost.ErrorCode);
        });
        HttpComponentLinker.Define(root, $"wasi:filesystem/preopens@{version}",
            instance => Func(instance, "get-directories", &FilesystemHost.Directories));
    }
}
