namespace Mik.Durable.Runtime.Configuration;

/// <summary>
/// A setting whose value is a secret or may carry one (a key, a URL with a password, a guest's environment). Whatever
/// shows the configuration outside mik (the diagnostics' <c>config/effective.json</c> and <c>config/mik.toml</c>)
/// writes it as <c>[redacted]</c> when set and <c>""</c> when not, by this mark rather than by the key's name, so a new
/// secret setting is hidden as soon as it is marked. On a dictionary, every value is a secret and the keys are not.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;
