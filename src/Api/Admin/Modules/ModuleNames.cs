namespace Mik.Durable.Api.Admin.Modules;

internal static class ModuleNames
{
    /// <summary>What a bad <c>{name}</c> is told (the rule of <c>ModuleName.IsValid</c>).</summary>
    public const string Expected = "must be a module name: 1 to 63 of a-z, 0-9, - and _, starting with a letter or digit";

    /// <summary>A name as it may be recorded: a refused upload's name can be anything, but not megabytes.</summary>
    public static string ForRecord(string name) => name.Length <= 64 ? name : name[..64];
}
