namespace Mik.Durable.EndToEnd.Tests.Deploy;

/// <summary>One <c>mik_*</c> selector of a PromQL expression: the series name and its label matchers.</summary>
internal sealed record PromSelector(string Metric, IReadOnlyList<LabelMatcher> Matchers);
