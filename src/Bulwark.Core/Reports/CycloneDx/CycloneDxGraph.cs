using Bulwark.Core.Inventory;

namespace Bulwark.Core.Reports.CycloneDx;

/// <summary>
/// The <c>dependencies</c> of a BOM, by <c>bom-ref</c>: which components the subject depends on directly,
/// and what each component depends on, as the references (<see cref="Component.Reference"/>) of the
/// components that exist. Filled from the dependency entries and the components seen, in any order; manifests
/// (<see cref="IsManifest"/>) once the dependency entries are all added.
/// </summary>
internal sealed class CycloneDxGraph(string? subjectReference)
{
    private readonly Dictionary<string, List<string>> _dependsOn = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _references = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _manifests = new(StringComparer.Ordinal);
    private HashSet<string>? _direct;
    private Dictionary<string, string>? _sourceFiles;

    /// <summary>
    /// A component that is a lockfile or manifest rather than a package: an <c>application</c> or <c>file</c> without
    /// purl nor version that depends on components. Trivy lists each lockfile so (<c>web/package-lock.json</c>, its
    /// packages its dependencies); it is not a package of the inventory, but the file its packages come from.
    /// </summary>
    public static bool IsManifest(ReportElement component) =>
        component.OptionalString("type") is "application" or "file"
        && component.OptionalText("purl") is null
        && component.OptionalText("version") is null
        && component.OptionalText("bom-ref") is not null;

    /// <summary>Records a manifest component (<see cref="IsManifest"/>), once the dependencies are added.</summary>
    public void AddManifest(ReportElement component)
    {
        if (IsManifest(component) && component.OptionalText("bom-ref") is { } bomRef
            && _dependsOn.TryGetValue(bomRef, out var dependsOn) && dependsOn.Count > 0)
        {
            _manifests.TryAdd(bomRef, component.RequiredText("name"));
            _direct = null;
            _sourceFiles = null;
        }
    }

    public bool IsManifestReference(string? bomRef) => bomRef is not null && _manifests.ContainsKey(bomRef);

    /// <summary>The manifest a component is reached from through the graph (the first one listed), if any.</summary>
    public string? SourceFileOf(string? bomRef)
    {
        if (bomRef is null || _manifests.Count == 0)
        {
            return null;
        }

        if (_sourceFiles is null)
        {
            _sourceFiles = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (manifest, name) in _manifests)
            {
                var queue = new Queue<string>(_dependsOn[manifest]);
                while (queue.TryDequeue(out var next))
                {
                    if (!_manifests.ContainsKey(next) && _sourceFiles.TryAdd(next, name) && _dependsOn.TryGetValue(next, out var further))
                    {
                        foreach (var dependency in further)
                        {
                            queue.Enqueue(dependency);
                        }
                    }
                }
            }
        }

        return _sourceFiles.GetValueOrDefault(bomRef);
    }

    /// <summary>One <c>dependencies[]</c> element.</summary>
    public void Add(ReportElement dependency)
    {
        _dependsOn[dependency.RequiredText("ref")] = dependency.Items("dependsOn").Select(d => d.AsString()).ToList();
        _direct = null;
    }

    public bool IsDirect(string? bomRef)
    {
        if (_direct is null)
        {
            _direct = subjectReference is not null && _dependsOn.TryGetValue(subjectReference, out var direct)
                ? direct.ToHashSet(StringComparer.Ordinal)
                : [];

            // What a manifest depends on directly is a direct dependency of the project.
            foreach (var manifest in _manifests.Keys)
            {
                _direct.UnionWith(_dependsOn[manifest]);
            }
        }

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
