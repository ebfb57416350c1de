using Bulwark.Core.Findings;
using Bulwark.Core.Inventory;

namespace Bulwark.Core.Reports.CycloneDx;

/// <summary>A CycloneDX BOM as read: its inventory with the dependency graph, and its vulnerabilities as findings.</summary>
public sealed record CycloneDxBom
{
    public required string SpecVersion { get; init; }

    public string? SerialNumber { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>The name of <c>metadata.component</c>: what the BOM describes.</summary>
    public string? Subject { get; init; }

    public EquatableArray<ToolInfo> Tools { get; init; }

    /// <summary>Every component, nested ones included, with <see cref="Component.DependsOn"/> from the graph.</summary>
    public EquatableArray<Component> Components { get; init; }

    /// <summary>One dependency-scanning finding per vulnerability and affected component.</summary>
    public EquatableArray<Finding> Findings { get; init; }
}
