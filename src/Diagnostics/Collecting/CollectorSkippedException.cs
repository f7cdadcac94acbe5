namespace Mik.Durable.Diagnostics.Collecting;

/// <summary>The collector does not apply here; <see cref="Exception.Message"/> says why (recorded as <c>skipped</c>).</summary>
public sealed class CollectorSkippedException(string reason) : Exception(reason);
