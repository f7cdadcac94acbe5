using System.Buffers;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// An <c>outgoing-body</c> resource and what its output stream wrote. A body is complete only once the guest
/// finished it: one never finished is a cut-off response, not a short one.
/// </summary>
internal sealed class HttpOutgoingBody
{
    public ArrayBufferWriter<byte> Content { get; } = new();

    /// <summary>Whether <c>write()</c> handed out the body's one output stream.</summary>
    public bool StreamTaken { get; set; }

    /// <summary>Whether that stream is still open (the guest must drop it before finishing the body).</summary>
    public bool StreamOpen { get; set; }

    public bool Finished
    {
        get => _finished.Task.IsCompletedSuccessfully;
        set { if (value) _finished.TrySetResult(); }
    }

    /// <summary>Completes when the guest finishes the body (an outgoing request's body is sent then).</summary>
    public Task Completion => _finished.Task;

    /// <summary>The guest dropped the body unfinished: an outgoing request waiting to send it fails at once.</summary>
    public void Abandon() => _finished.TrySetException(new IOException("the guest dropped the outgoing-body without finishing it"));

    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Every byte written, held or already sent (the output cap counts them all).</summary>
    public long Written { get; set; }
}
