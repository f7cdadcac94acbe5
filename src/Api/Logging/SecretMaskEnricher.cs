using Serilog.Core;
using Serilog.Events;

namespace Mik.Durable.Api.Logging;

/// <summary>Replaces a secret inside any text property of a log event before a sink sees it (stdout, file, Loki).</summary>
internal sealed class SecretMaskEnricher(SecretMask mask) : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        List<LogEventProperty>? masked = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            if (value is ScalarValue { Value: string text } && mask.Finds(text))
                (masked ??= []).Add(new LogEventProperty(name, new ScalarValue(mask.Mask(text))));
        }
        if (masked is null) return;
        foreach (var property in masked) logEvent.AddOrUpdateProperty(property);
    }
}
