namespace Mik.Durable.Runtime.Registry;

/// <summary>
/// Where the <see cref="DeploymentLedger"/> hands a change of the modules folder with <c>[cluster] module_source =
/// "store"</c>: there a dropped file is a deployment for the whole cluster and a deleted one a removal, committed to
/// the event store off the scan thread (docs/operations.md, Folder drops in a cluster). Both calls return at once.
/// </summary>
internal interface IFolderDeployments
{
    /// <summary>The file of <paramref name="version"/> runs and is served here now.</summary>
    /// <param name="replaces">The sha256 the ledger last recorded for the module, null when it recorded none.</param>
    /// <param name="atStart">Seen by the scan that starts this instance, not while it was running.</param>
    void Deployed(ModuleVersion version, string? replaces, bool atStart);

    /// <summary>The module's file is gone; <paramref name="replaces"/>: the sha256 the ledger last recorded.</summary>
    void Removed(string name, string replaces, bool atStart);

    /// <summary>
    /// The module was put in place or removed here by other means than its file (the admin API, convergence), which
    /// recorded that itself: a change of its file not yet committed is void.
    /// </summary>
    void Replaced(string name);
}
