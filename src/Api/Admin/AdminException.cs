namespace Mik.Durable.Api.Admin;

/// <summary>
/// An admin request that cannot be done as asked; becomes a problem+json answer with <see cref="Status"/>, and
/// <see cref="Error"/> as its <c>error</c> member when a script may want to tell this case apart.
/// </summary>
internal sealed class AdminException(int status, string title, string detail, string? error = null) : Exception(detail)
{
    public int Status => status;
    public string Title => title;
    public string? Error => error;

    public static AdminException NotFound(string detail) => new(StatusCodes.Status404NotFound, "not found", detail);

    public static AdminException Conflict(string detail) => new(StatusCodes.Status409Conflict, "conflict", detail);

    /// <summary>
    /// The modules folder went away while serving (an unmounted volume?): a change now would create an empty folder
    /// where the volume belongs, or fail half-way after being recorded. Nothing is recorded or changed.
    /// </summary>
    public static AdminException ModulesFolderMissing() => new(StatusCodes.Status503ServiceUnavailable, "modules folder missing",
        "the modules folder has disappeared (modules_dir in /health); nothing was changed; retry once it is back", "modules_dir_missing");
}
