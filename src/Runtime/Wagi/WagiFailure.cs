namespace Mik.Durable.Runtime.Wagi;

/// <summary>A failed handler run: the kind, and a message for the log and the JSON error body.</summary>
internal sealed record WagiFailure(WagiFailureKind Kind, string Message)
{
    /// <summary>The <c>error</c> code of the runtime's JSON error body (docs/runtime.md).</summary>
    public string Code => Kind switch
    {
        WagiFailureKind.InstantiateFailed => "instantiate_failed",
        WagiFailureKind.HandlerTrap => "handler_trap",
        WagiFailureKind.HandlerExit => "handler_exit",
        WagiFailureKind.HandlerTimeout => "handler_timeout",
        WagiFailureKind.MemoryLimit => "memory_limit",
        WagiFailureKind.InvalidHandlerOutput => "invalid_handler_output",
        WagiFailureKind.OutputTooLarge => "output_too_large",
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, null),
    };

    /// <summary>HTTP status for the client: 504 for a timeout, 500 otherwise.</summary>
    public int HttpStatus => Kind == WagiFailureKind.HandlerTimeout ? 504 : 500;
}
