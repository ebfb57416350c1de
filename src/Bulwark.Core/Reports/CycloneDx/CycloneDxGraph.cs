using Bulwark.Core.Inventory;

namespace Bulwark.Core.Reports.CycloneDx;

/// <summary>
/// The <c>dependencies</c> of a BOM, by <c>bom-ref</c>: which components the subject depends on directly,
/// and what each component depends on, as the references (<see cref="Component.Reference"/>) of the
/// components that exist. Filled from the dependency entries and the components seen, in any order.
/// </summary>
internal sealed class CycloneDxGraph(string? subjectReference)
{
    private readonly Dictionary<string, List<string>> _dependsOn = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _references = new(StringComparer.Ordinal);
    private HashSet<string>? _direct;

    /// <summary>One <c>dependencies[]</c> element.</summary>
    public void Add(ReportElement dependency)
    {
        _dependsOn[dependency.RequiredText("ref")] = dependency.Items("dependsOn").Select(d => d.AsString()).ToList();
        _direct = null;
    }

    public bool IsDirect(string? bomRef)
    {
        _direct ??= subjectReference is not null && _dependsOn.TryGetValue(subjectReference, out var direct)
            ? direct.ToHashSet(StringComparer.Ordinal)
            : [];
        return bomRef is not null && _direct.Contains(bomRef);
    }

    /// <summary>Records the component a <c>bom-ref</c> names (the first one, when a BOM repeats a bom-ref).</summary>
    public void Remember(string? bomRef, Component component)
    {
        if (bomRef is not null)
        {
            _references.TryAdd(bomRef, component.Reference);
        }
    }

    /// <summary>The component with <see cref="Component.DependsOn"/> from the graph, once every component is remembered.</summary>
    public Component Resolve(Component component, string? bomRef) =>
        bomRef is not null && _dependsOn.TryGetValue(bomRef, out var dependsOn)
            ? component with { DependsOn = dependsOn.Where(_references.ContainsKey).Select(d => _references[d]).ToEquatableArray() }
            : component;
}
