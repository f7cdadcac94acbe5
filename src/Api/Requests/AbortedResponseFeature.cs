namespace Mik.Durable.Api.Requests;

/// <summary>Marks a request whose streamed response was cut off, with the status it counts as (<see cref="StreamedResponse"/>).</summary>
internal sealed record AbortedResponseFeature(int Status);
