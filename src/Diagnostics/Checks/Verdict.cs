namespace Mik.Durable.Diagnostics.Checks;

/// <summary>A check's verdict, in the words <c>mik doctor</c> prints and <c>doctor.json</c> holds.</summary>
public static class Verdict
{
    public const string Ok = "ok";
    public const string Warn = "warn";
    public const string Fail = "fail";
    public const string Skip = "skip";
}
