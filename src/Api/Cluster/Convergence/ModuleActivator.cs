using System.Security.Cryptography;
using Mik.Durable.Api.ModuleChanges;
using Mik.Durable.Runtime.Configuration;
using Mik.Durable.Runtime.Registry;

namespace Mik.Durable.Api.Cluster.Convergence;

/// <summary>
/// Puts one version a module stream asks for in place on this instance, exactly as an upload would be (staged,
/// compiled, checked, swapped in atomically: requests in flight finish on the version they started on). The caller
/// holds <see cref="Admin.Modules.ModuleChangeLock"/>.
/// </summary>
internal sealed class ModuleActivator(ModuleRegistry registry, ModuleStager stager, ModuleBytesStore bytesStore, MikConfig config)
{
    public const string NotInStore = "bytes not in the store";

    /// <summary>
    /// Serves <paramref name="sha256"/> of the module; null when done, else why not (the version served stays).
    /// Throws when the store cannot be read: that is an outage, retried by the next pass, not a failed activation.
    /// </summary>
    public async Task<string?> ActivateAsync(string module, string sha256, CancellationToken cancellationToken)
    {
        byte[]? bytes;
        try
        {
            bytes = LocalCopy(module, sha256) ?? await bytesStore.FetchAsync(sha256, cancellationToken);
        }
        catch (ModuleBytesMismatchException)
        {
            return $"bytes do not match sha256 {sha256}";
        }
        if (bytes is null) return NotInStore;
        StagedModule staged;
        try
        {
            staged = stager.Stage(module, bytes, sha256);
        }
        catch (ModuleRefusedException e)
        {
            return e.Reason;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "cannot write to the modules folder: " + e.Message;
        }
        using (staged)
        {
            try
            {
                registry.Install(staged);
                return null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return "cannot put the module in place: " + e.Message;
            }
        }
    }

    /// <summary>Stops serving the module and deletes its file; null when done, else why not (it is still served).</summary>
    public string? Deactivate(string module)
    {
        try
        {
            registry.Uninstall(module);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "cannot delete the module's file: " + e.Message;
        }
    }

    // The folder may already hold the version (the instance was stopped before it could load it, or an operator
    // copied it): no need to fetch what is on disk and hashes right.
    private byte[]? LocalCopy(string module, string sha256)
    {
        try
        {
            var bytes = File.ReadAllBytes(Path.Combine(config.Server.Modules, module + ".wasm"));
            return Convert.ToHexStringLower(SHA256.HashData(bytes)) == sha256 ? bytes : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
