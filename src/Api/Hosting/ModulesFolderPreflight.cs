namespace Mik.Durable.Api.Hosting;

/// <summary>
/// A modules folder path that holds a file stops start-up, named as <c>server.modules</c>. Without this check mik
/// started, logged that the folder "does not exist; watching for it" and waited for a folder that cannot appear
/// there. A folder that is not there at all is still fine: it may be a volume mounted later (docs/runtime.md).
/// </summary>
internal static class ModulesFolderPreflight
{
    /// <exception cref="IOException">The path is a file, or anything else that is not a folder.</exception>
    public static void Check(string modulesDir)
    {
        if (File.Exists(modulesDir))
            throw new IOException($"server.modules = \"{modulesDir}\": it is a file, not a folder; name the folder that holds the .wasm files");
    }
}
