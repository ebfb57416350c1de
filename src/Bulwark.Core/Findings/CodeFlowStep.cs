namespace Bulwark.Core.Findings;

/// <summary>One step of a data-flow path (source → … → sink) for taint findings.</summary>
public sealed record CodeFlowStep(SourceLocation Location, string? Message = null);

/// <summary>An ordered path through code that explains a finding.</summary>
public sealed record CodeFlow(EquatableArray<CodeFlowStep> Steps, string? Message = null);
