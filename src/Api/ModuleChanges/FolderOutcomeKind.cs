namespace Mik.Durable.Api.ModuleChanges;

internal enum FolderOutcomeKind
{
    /// <summary>Recorded: a <c>ModuleDeployed</c> (with its bytes) or <c>ModuleRemoved</c> for the whole cluster.</summary>
    Committed,

    /// <summary>The store already holds what the folder does: nothing recorded.</summary>
    Unchanged,

    /// <summary>The store holds another version than the one the file replaced: the store wins, nothing recorded.</summary>
    Superseded,

    /// <summary>The file no longer hashes to the change's sha256: the scan that sees it hands over a new change.</summary>
    FileChanged,
}
