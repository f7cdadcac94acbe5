namespace Mik.Durable.Api.Health;

/// <summary>What <c>/health</c> answers: 503 unless <see cref="Ready"/>.</summary>
internal enum ServerStatus
{
    Starting,
    Ready,
    Draining,
}
