namespace Mik.Durable.Runtime.Wagi;

/// <summary>Why a handler run produced no response (docs/runtime.md). Every kind counts as a breaker failure.</summary>
internal enum WagiFailureKind
{
    /// <summary>Compile, link or instantiate failed, or the entrypoint is not exported. 500 <c>instantiate_failed</c>.</summary>
    InstantiateFailed,

    /// <summary>The guest trapped (unreachable, out of bounds, a call to an unlinked import…). 500 <c>handler_trap</c>.</summary>
    HandlerTrap,

    /// <summary>The guest called <c>proc_exit</c> with a non-zero code. 500 <c>handler_exit</c>.</summary>
    HandlerExit,

    /// <summary>The epoch deadline interrupted the guest. 504 <c>handler_timeout</c>.</summary>
    HandlerTimeout,

    /// <summary>The guest failed after its linear memory reached the cap. 500 <c>memory_limit</c>.</summary>
    MemoryLimit,

    /// <summary>stdout is not a CGI response. 500 <c>invalid_handler_output</c>.</summary>
    InvalidHandlerOutput,

    /// <summary>The guest wrote more than the stdout cap. 500 <c>output_too_large</c>.</summary>
    OutputTooLarge,
}
