using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Mik.Durable.Api.Admin.Modules;
using Mik.Durable.Api.ModuleChanges;
using Mik.Durable.Runtime.CompileCache;
using Mik.Durable.Runtime.Configuration;
using Mik.Durable.Runtime.Registry;
using Mik.Durable.Runtime.Wagi;
using Mik.Durable.Runtime.Wasm;

namespace Mik.Durable.Fuzz.Targets;

/// <summary>
/// The body of <c>PUT /modules/{name}</c> through the checks before staging (<see cref="DeployModuleValidator"/>, the
/// WebAssembly magic) and <see cref="ModuleStager.Stage"/> with real Wasmtime and the AOT cache on, as a deployment
/// runs them. Contract: a staged module or a <see cref="ModuleRefusedException"/> with a reason, never another
/// exception (a 500 instead of a 422); and nothing left in the modules folder once the staged module is dropped.
/// </summary>
internal sealed class UploadTarget : IFuzzTarget
{
    private const string Module = "fuzz";
    private readonly FuzzFolder _folder = new();
    private readonly string _modules;
    private readonly WasmEngine _engine;
    private readonly ModuleStager _stager;
    private readonly DeployModuleValidator _validator;

    public UploadTarget()
    {
        _modules = _folder.Sub("modules");
        var config = new MikConfig();
        config.Server.Modules = _modules;
        config.State.Dir = _folder.Sub("state");
        // A guest's _routes runs at load; a fuzzed one that loops is stopped by this budget as a request would be.
        config.Server.RequestTimeoutSecs = 2;
        config.Server.MaxMemoryMb = 16;
        _engine = new WasmEngine(WasmEngineOptions.FromConfig(config));
        var loader = new ModuleLoader(config, _engine, new AotKey(config.State.Dir, NullLogger.Instance), new WagiExecutor(_engine),
            new CacheStatistics(), new DiscardedAudit(), TimeProvider.System, NullLogger.Instance);
        _stager = new ModuleStager(loader, _engine);
        _validator = new DeployModuleValidator(config);
    }

    public string Name => FuzzTargets.Upload;

    public void Run(byte[] input)
    {
        try
        {
            Stage(input);
        }
        finally
        {
            if (Directory.EnumerateFileSystemEntries(_modules).FirstOrDefault() is { } left)
            {
                foreach (var entry in Directory.EnumerateFileSystemEntries(_modules)) File.Delete(entry);
                throw new FuzzContractException($"left {Path.GetFileName(left)} in the modules folder");
            }
        }
    }

    private void Stage(byte[] input)
    {
        if (!_validator.Validate(new DeployModule(Module, input, input.LongLength, "fuzz")).IsValid) return;
        if (ModuleFile.Check(input) is not null) return;
        try
        {
            using var staged = _stager.Stage(Module, input, Convert.ToHexStringLower(SHA256.HashData(input)));
        }
        catch (ModuleRefusedException e)
        {
            if (string.IsNullOrWhiteSpace(e.Reason)) throw new FuzzContractException("refused without a reason");
        }
    }

    public void Dispose()
    {
        _engine.Dispose();
        _folder.Dispose();
    }
}
