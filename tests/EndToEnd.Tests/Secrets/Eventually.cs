namespace Mik.Durable.EndToEnd.Tests.Secrets;

internal static class Eventually
{
    /// <summary>Waits for <paramref name="condition"/>, with a deadline a loaded machine does not reach.</summary>
    public static async Task HoldsAsync(Func<bool> condition, string what)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(90); !condition(); await Task.Delay(100, TestContext.Current.CancellationToken))
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for " + what);
    }
}
