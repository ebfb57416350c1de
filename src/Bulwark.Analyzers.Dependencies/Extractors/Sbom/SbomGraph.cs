using Bulwark.Analyzers.Dependencies.Extraction;
using Bulwark.Core.Inventory;

namespace Bulwark.Analyzers.Dependencies.Extractors.Sbom;

/// <summary>
/// An SBOM's packages across ecosystems: each keeps the purl the SBOM gives, and is grouped per OSV ecosystem
/// (one <see cref="PackageGraph"/> each) with the SBOM's dependency relationships as edges.
/// </summary>
internal sealed class SbomGraph(string path)
{
    private readonly Dictionary<string, PackageGraph> _graphs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PackageNode> _byId = new(StringComparer.Ordinal);

    public int Unrecognised { get; private set; }

    public void Add(string id, string? purl, string? version, IEnumerable<string>? licenses = null)
    {
        if (purl is null || Ecosystems.FromPurl(purl) is not { } known)
        {
            Unrecognised++;
            return;
        }

        if (!_graphs.TryGetValue(known.Ecosystem, out var graph))
        {
            _graphs[known.Ecosystem] = graph = new PackageGraph(known.Ecosystem, path);
        }

        Purl.TryParse(purl, out var parts);
        var node = graph.Add(known.Name, parts.Version ?? version, purl);
        foreach (var license in licenses ?? [])
        {
            if (license.Length > 0 && license != "NOASSERTION" && license != "NONE" && !node.Licenses.Contains(license))
            {
                node.Licenses.Add(license);
            }
        }

        _byId[id] = node;
    }

    public PackageNode? Find(string id) => _byId.GetValueOrDefault(id);

    public IReadOnlyList<Component> ToComponents()
    {
        var result = new List<Component>();
        foreach (var graph in _graphs.Values)
        {
            graph.PropagateScopes();
            result.AddRange(graph.ToComponents());
        }

        return result;
    }
}
