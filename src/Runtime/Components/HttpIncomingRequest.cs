namespace Mik.Durable.Runtime.Components;

/// <summary>An <c>incoming-request</c> resource: the request a component's <c>handle</c> is called with.</summary>
internal sealed record HttpIncomingRequest(string Method, string PathWithQuery, HttpFields Headers);
