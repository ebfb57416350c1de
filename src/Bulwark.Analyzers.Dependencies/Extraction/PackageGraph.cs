using Bulwark.Core;
using Bulwark.Core.Inventory;

namespace Bulwark.Analyzers.Dependencies.Extraction;

/// <summary>How a project asks for a direct dependency.</summary>
internal enum DependencyScope
{
    Production,
    Development,
    Optional,
}

/// <summary>
/// The packages of one lockfile and the edges between them, built by an extractor and turned into
/// <see cref="Component"/>s. Adding the same package twice (same purl) merges the two occurrences:
/// npm's nested duplicates at one version are one component; several versions are several components.
/// </summary>
internal sealed class PackageGraph
{
    private readonly Dictionary<string, PackageNode> _byPurl = new(StringComparer.Ordinal);
    private readonly List<PackageNode> _nodes = [];

    public PackageGraph(string ecosystem, string sourceFile)
    {
        Ecosystem = ecosystem;
        SourceFile = sourceFile;
    }

    public string Ecosystem { get; }

    public string SourceFile { get; }

    public int Count => _nodes.Count;

    public IReadOnlyList<PackageNode> Nodes => _nodes;

    /// <summary>Adds a package, or returns the one with the same purl.</summary>
    public PackageNode Add(string name, string? version, string purl)
    {
        if (_byPurl.TryGetValue(purl, out var existing))
        {
            return existing;
        }

        var node = new PackageNode(name, string.IsNullOrEmpty(version) ? null : version, purl);
        _byPurl.Add(purl, node);
        _nodes.Add(node);
        return node;
    }

    public PackageNode? Find(string purl) => _byPurl.GetValueOrDefault(purl);

    /// <summary>A dependency edge; optional edges (npm optionalDependencies) do not make their target required.</summary>
    public static void Depend(PackageNode from, PackageNode to, bool optional = false)
    {
        if (!ReferenceEquals(from, to))
        {
            from.AddEdge(to, optional);
        }
    }

    /// <summary>The project (or a workspace member) asks for <paramref name="node"/> itself.</summary>
    public static void MarkDirect(PackageNode node, DependencyScope scope = DependencyScope.Production) => node.AddDirectScope(scope);

    /// <summary>
    /// Fills in development/optional flags the format does not record per package: a package reachable
    /// from a production dependency is not development; one reachable through required edges is not optional.
    /// When no package is known to be direct, packages nothing depends on are taken as direct.
    /// </summary>
    public void PropagateScopes()
    {
        if (!_nodes.Any(n => n.IsDirect))
        {
            var targets = new HashSet<PackageNode>(_nodes.SelectMany(n => n.Edges.Select(e => e.Target)));
            foreach (var node in _nodes.Where(n => !targets.Contains(n)))
            {
                node.AddDirectScope(DependencyScope.Production);
            }
        }

        var production = Reach(_nodes.Where(n => n.DirectScopes.Contains(DependencyScope.Production) || n.DirectScopes.Contains(DependencyScope.Optional)), requiredOnly: false);
        var required = Reach(_nodes.Where(n => n.DirectScopes.Contains(DependencyScope.Production) || n.DirectScopes.Contains(DependencyScope.Development)), requiredOnly: true);
        var any = Reach(_nodes.Where(n => n.IsDirect), requiredOnly: false);
        foreach (var node in _nodes)
        {
            if (!any.Contains(node))
            {
                continue;
            }

            node.Development ??= !production.Contains(node);
            node.Optional ??= !required.Contains(node);
        }
    }

    public IReadOnlyList<Component> ToComponents()
    {
        var result = new List<Component>(_nodes.Count);
        foreach (var node in _nodes)
        {
            result.Add(new Component
            {
                Name = node.Name,
                Version = node.Version,
                Ecosystem = Ecosystem,
                Purl = node.Purl,
                Licenses = node.Licenses.Count == 0 ? EquatableArray<string>.Empty : node.Licenses.ToEquatableArray(),
                IsDirect = node.IsDirect,
                IsDevelopment = node.Development ?? false,
                IsOptional = node.Optional ?? false,
                SourceFile = SourceFile,
                DependsOn = node.Edges.Select(e => e.Target.Purl).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToEquatableArray(),
            });
        }

        return result;
    }

    private static HashSet<PackageNode> Reach(IEnumerable<PackageNode> roots, bool requiredOnly)
    {
        var seen = new HashSet<PackageNode>();
        var queue = new Queue<PackageNode>();
        foreach (var root in roots)
        {
            if (seen.Add(root))
            {
                queue.Enqueue(root);
            }
        }

        while (queue.TryDequeue(out var node))
        {
            foreach (var edge in node.Edges)
            {
                if (requiredOnly && edge.Optional)
                {
                    continue;
                }

                if (seen.Add(edge.Target))
                {
                    queue.Enqueue(edge.Target);
                }
            }
        }

        return seen;
    }
}

/// <summary>One package of a <see cref="PackageGraph"/>.</summary>
internal sealed class PackageNode
{
    private readonly List<PackageEdge> _edges = [];
    private readonly HashSet<PackageNode> _targets = [];
    private readonly HashSet<DependencyScope> _directScopes = [];
    private bool? _development;
    private bool? _optional;

    public PackageNode(string name, string? version, string purl)
    {
        Name = name;
        Version = version;
        Purl = purl;
    }

    public string Name { get; }

    public string? Version { get; }

    public string Purl { get; }

    public IReadOnlyList<PackageEdge> Edges => _edges;

    public IReadOnlyCollection<DependencyScope> DirectScopes => _directScopes;

    public bool IsDirect => _directScopes.Count > 0;

    public List<string> Licenses { get; } = [];

    /// <summary>Null until the format says, or <see cref="PackageGraph.PropagateScopes"/> decides.</summary>
    public bool? Development
    {
        get => _development;
        set => _development = value;
    }

    public bool? Optional
    {
        get => _optional;
        set => _optional = value;
    }

    /// <summary>Records one occurrence's flags: a package is development (optional) only if every occurrence is.</summary>
    public void MarkOccurrence(bool development, bool optional)
    {
        _development = (_development ?? true) && development;
        _optional = (_optional ?? true) && optional;
    }

    internal void AddEdge(PackageNode target, bool optional)
    {
        if (_targets.Add(target))
        {
            _edges.Add(new PackageEdge(target, optional));
        }
    }

    internal void AddDirectScope(DependencyScope scope) => _directScopes.Add(scope);

    /// <summary>Replaces how the project asks for this package (a manifest knows better than the lockfile).</summary>
    public void SetDirectScope(DependencyScope scope)
    {
        _directScopes.Clear();
        _directScopes.Add(scope);
    }

    public override string ToString() => Purl;
}

internal readonly record struct PackageEdge(PackageNode Target, bool Optional);
