namespace Mik.Durable.Api.Cli.Local;

/// <summary>Where loading a module stopped, so <c>mik validate</c> can say which kind of problem it is.</summary>
internal enum LoadStage
{
    /// <summary>The bytes are neither a WebAssembly core module nor a component (text, another binary version).</summary>
    NotCoreModule,

    /// <summary>Wasmtime refused to compile it (truncated, invalid).</summary>
    Compile,

    /// <summary>
    /// It compiled, but no request can work: imports that cannot be linked, no entrypoint nor <c>_routes</c>, a component
    /// that exports no <c>wasi:http/incoming-handler</c>.
    /// </summary>
    Load,

    Loaded,
}
