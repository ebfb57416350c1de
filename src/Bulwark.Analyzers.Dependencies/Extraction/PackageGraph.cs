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
    private readonly Dictionary<string, ProjectNode> _projects = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>At most this many project chains are kept per component (the paths <c>bulwark deps why</c> can show through projects).</summary>
    public const int MaxProjectChains = 20;

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

    /// <summary>Adds one of the build's own projects (a NuGet project reference), or returns the one of that name (any case).</summary>
    public ProjectNode AddProject(string name)
    {
        if (!_projects.TryGetValue(name, out var project))
        {
            project = new ProjectNode(name);
            _projects.Add(name, project);
        }

        return project;
    }

    public ProjectNode? FindProject(string name) => _projects.GetValueOrDefault(name);

    public IReadOnlyCollection<ProjectNode> Projects => _projects.Values;

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
        var fromProjects = _projects.Values.SelectMany(p => p.Packages).ToList();
        if (!_nodes.Any(n => n.IsDirect) && fromProjects.Count == 0)
        {
            var targets = new HashSet<PackageNode>(_nodes.SelectMany(n => n.Edges.Select(e => e.Target)));
            foreach (var node in _nodes.Where(n => !targets.Contains(n)))
            {
                node.AddDirectScope(DependencyScope.Production);
            }
        }

        // What a referenced project asks for ships with it: production and required for this project too.
        var production = Reach(_nodes.Where(n => n.DirectScopes.Contains(DependencyScope.Production) || n.DirectScopes.Contains(DependencyScope.Optional)).Concat(fromProjects), requiredOnly: false);
        var required = Reach(_nodes.Where(n => n.DirectScopes.Contains(DependencyScope.Production) || n.DirectScopes.Contains(DependencyScope.Development)).Concat(fromProjects), requiredOnly: true);
        var any = Reach(_nodes.Where(n => n.IsDirect).Concat(fromProjects), requiredOnly: false);
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
        var projectPaths = ProjectPathsByPackage();
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
                ProjectPaths = projectPaths.TryGetValue(node, out var paths) ? paths.ToEquatableArray() : EquatableArray<DependencyPath>.Empty,
            });
        }

        return result;
    }

    /// <summary>
    /// For each package a project asks for: the chains of projects, from a project the lockfile's project references
    /// itself down to one that asks for the package, shortest first. A chain passes through no other directly
    /// referenced project (that shorter chain is listed on its own) and never through a project twice. When the
    /// lockfile does not say which projects are referenced directly, those no other project references are.
    /// </summary>
    private Dictionary<PackageNode, List<DependencyPath>> ProjectPathsByPackage()
    {
        var byPackage = new Dictionary<PackageNode, List<DependencyPath>>();
        if (_projects.Count == 0)
        {
            return byPackage;
        }

        var starts = _projects.Values.Where(p => p.IsDirect).ToList();
        if (starts.Count == 0)
        {
            var referenced = new HashSet<ProjectNode>(_projects.Values.SelectMany(p => p.References));
            starts = [.. _projects.Values.Where(p => !referenced.Contains(p))];
        }

        // Breadth-first over chains: each project keeps its first MaxProjectChains arrivals, which are the shortest.
        var chains = new Dictionary<ProjectNode, List<ProjectNode[]>>();
        var queue = new Queue<ProjectNode[]>();
        foreach (var start in starts.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase))
        {
            chains[start] = [[start]];
            queue.Enqueue([start]);
        }

        var startSet = new HashSet<ProjectNode>(starts);
        while (queue.TryDequeue(out var chain))
        {
            foreach (var next in chain[^1].References.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase))
            {
                if (startSet.Contains(next) || chain.Contains(next))
                {
                    continue;
                }

                var list = chains.TryGetValue(next, out var existing) ? existing : chains[next] = [];
                if (list.Count >= MaxProjectChains)
                {
                    continue;
                }

                ProjectNode[] longer = [.. chain, next];
                list.Add(longer);
                queue.Enqueue(longer);
            }
        }

        foreach (var (project, projectChains) in chains)
        {
            foreach (var package in project.Packages)
            {
                var list = byPackage.TryGetValue(package, out var existing) ? existing : byPackage[package] = [];
                list.AddRange(projectChains.Select(c => new DependencyPath(c.Select(p => DependencyPath.ProjectStepPrefix + p.Name).ToEquatableArray())));
            }
        }

        foreach (var key in byPackage.Keys.ToList())
        {
            byPackage[key] = [.. byPackage[key].Distinct().OrderBy(p => p.Steps.Count).ThenBy(p => p.ToString(), StringComparer.Ordinal).Take(MaxProjectChains)];
        }

        return byPackage;
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

/// <summary>
/// One of the build's own projects in a lockfile (a NuGet project reference): not a component, but the packages it
/// asks for come with it, so it is where their dependency paths start.
/// </summary>
internal sealed class ProjectNode(string name)
{
    private readonly HashSet<ProjectNode> _references = [];
    private readonly HashSet<PackageNode> _packages = [];

    public string Name { get; private set; } = name;

    /// <summary>The lockfile's project references this one itself.</summary>
    public bool IsDirect { get; set; }

    public IReadOnlyCollection<ProjectNode> References => _references;

    public IReadOnlyCollection<PackageNode> Packages => _packages;

    public void Reference(ProjectNode project)
    {
        if (!ReferenceEquals(project, this))
        {
            _references.Add(project);
        }
    }

    public void Require(PackageNode package) => _packages.Add(package);

    /// <summary>Lockfiles key projects in lower case but reference them as written; the written form is nicer to show.</summary>
    public void PreferName(string name)
    {
        if (string.Equals(Name, name, StringComparison.OrdinalIgnoreCase) && string.Equals(Name, Name.ToLowerInvariant(), StringComparison.Ordinal))
        {
            Name = name;
        }
    }

    public override string ToString() => DependencyPath.ProjectStepPrefix + Name;
}

internal readonly record struct PackageEdge(PackageNode Target, bool Optional);
