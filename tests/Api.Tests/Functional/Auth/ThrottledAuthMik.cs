namespace Mik.Durable.Api.Tests.Functional.Auth;

/// <summary>Three refused requests per address, then 429 for the next ten minutes' worth of refill.</summary>
public sealed class ThrottledAuthMik() : MikFactory("auth_failure_burst = 3\nauth_failure_window_secs = 600");
