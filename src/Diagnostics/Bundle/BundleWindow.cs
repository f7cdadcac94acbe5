namespace Mik.Durable.Diagnostics.Bundle;

/// <summary>A span of time, as the manifest writes it: <c>{ "since": …, "until": … }</c>.</summary>
public sealed record BundleWindow(DateTimeOffset Since, DateTimeOffset Until);
