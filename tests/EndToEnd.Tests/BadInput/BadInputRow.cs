namespace Mik.Durable.EndToEnd.Tests.BadInput;

/// <summary>
/// A catalogue row and what it executes against its area's server (<typeparamref name="TServer"/>), with an optional
/// check beyond status and error code (a header that must not pass, a trace id that must not be adopted).
/// </summary>
internal sealed record BadInputRow<TServer>(
    BadInputCase Case, Func<TServer, CancellationToken, Task<BadInputAnswer>> Send, Action<BadInputAnswer>? Check = null);
