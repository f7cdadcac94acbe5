namespace Mik.Durable.Runtime.Components;

/// <summary>A <c>response-outparam</c> resource: where the guest sets its response, once.</summary>
internal sealed class HttpResponseOutparam
{
    public bool Set { get; set; }
}
