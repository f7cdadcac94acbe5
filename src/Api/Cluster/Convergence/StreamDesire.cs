namespace Mik.Durable.Api.Cluster.Convergence;

/// <summary>
/// What one <c>module:&lt;name&gt;</c> stream asks of every instance, as of stream version <see cref="Version"/>:
/// serve <see cref="Sha256"/>, or nothing when it is <see cref="Removed"/>; "" while no deployment was ever recorded.
/// <see cref="Changes"/> counts the deployments and removals in it: instances' reports move the stream's version,
/// never this number, so it is what says "the stream asks again". <see cref="Deployment"/>: the current deployment's
/// number (<c>ModuleDeployed.version</c>).
/// </summary>
internal sealed record StreamDesire(long Version, string Sha256, int Changes = 0, int Deployment = 0)
{
    public const string Removed = "-";

    /// <summary>Nothing to converge to: the stream holds refusals only.</summary>
    public bool IsEmpty => Sha256.Length == 0;

    public bool IsRemoval => Sha256 == Removed;
}
