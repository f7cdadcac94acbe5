namespace Mik.Durable.Runtime.Configuration;

/// <summary>A setting that only comes from the environment (secrets); a file key of that name is unknown.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ConfigIgnoreAttribute : Attribute;
