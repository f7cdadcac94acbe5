namespace Mik.Durable.Runtime.Tests.Components;

/// <summary>The hello-http component's source (copied beside the tests), and variants of it.</summary>
internal static class ComponentText
{
    public static string HelloHttp { get; } =
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "guests", "components", "hello-http.wat"));

    /// <summary>hello-http with each <c>From</c> replaced (it must occur in it) by its <c>To</c>.</summary>
    public static string HelloHttpWith(params (string From, string To)[] changes) =>
        changes.Aggregate(HelloHttp, (text, change) => text.Contains(change.From, StringComparison.Ordinal)
            ? text.Replace(change.From, change.To, StringComparison.Ordinal)
            : throw new ArgumentException($"hello-http.wat has no '{change.From}'", nameof(changes)));
}
