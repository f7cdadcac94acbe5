namespace Mik.Durable.EndToEnd.Tests.Deploy;

/// <summary><c>label op "value"</c> inside a selector's braces.</summary>
internal sealed record LabelMatcher(string Label, string Op, string Value);
