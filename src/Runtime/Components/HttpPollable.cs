namespace Mik.Durable.Runtime.Components;

/// <summary>A <c>pollable</c>: everything a component waits on is in memory, so every pollable is ready at once.</summary>
internal sealed class HttpPollable;
