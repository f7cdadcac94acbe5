namespace Mik.Durable.Api.Cli.Local;

/// <summary>Where loading a module stopped, so <c>mik validate</c> can say which kind of problem it is.</summary>
internal enum LoadStage
{
    /// <summary>The bytes are not a WebAssembly core module (text, another binary version, a component).</summary>
    NotCoreModule,

    /// <summary>Wasmtime refused to compile it (truncated, invalid).</summary>
    Compile,

    /// <summary>It compiled, but no request can work: imports that cannot be linked, no entrypoint nor <c>_routes</c>.</summary>
    Load,

    Loaded,
}
