using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Bulwark.Analyzers.Dependencies.Extraction;

namespace Bulwark.Analyzers.Dependencies.Extractors.Java;

/// <summary>
/// Maven <c>pom.xml</c>: the dependencies of the effective model as far as the scanned tree can build it, with no
/// network. Parents are found by <c>relativePath</c> (default <c>../pom.xml</c>) or by coordinates among the
/// tree's poms; properties, <c>dependencyManagement</c> and dependencies are inherited from them, and
/// <c>import</c>-scoped BOMs in the tree are merged. <c>${...}</c> (including <c>project.version</c> and
/// <c>project.parent.*</c>) is interpolated. A version that cannot be resolved (a parent or BOM that is not in the
/// tree) still lists the dependency, without a version, with a warning naming the file and line. Dependencies on
/// modules of the same build are the project's own code and are not listed. All listed dependencies are direct
/// (transitive ones need the repository); <c>test</c> scope is development, <c>optional</c> is optional; plugin
/// dependencies and profiles are not read.
/// </summary>
internal sealed partial class PomXml : IExtractor
{
    private static readonly ConditionalWeakTable<SourceTree, PomIndex> Indexes = [];

    public string Name => "java/pomxml";

    public int Version => 1;

    public string Ecosystem => Ecosystems.Maven;

    public bool NeedsTree => true;

    public bool FileRequired(string path) => PathOps.FileName(path) == "pom.xml";

    public ExtractionResult Extract(ExtractorInput input)
    {
        var log = new ExtractionLog(Name, input.Path);
        if (!Documents.TryParseXml(input.Text, log, out var document))
        {
            return log.Failure("the pom was not extracted");
        }

        if (PomModel.Read(input.Path, document) is not { } pom)
        {
            return log.Failure("the root element is not <project>", 1);
        }

        var index = Indexes.GetValue(input.Tree, tree => new PomIndex(tree));
        var outside = new List<string>();
        var chain = index.Chain(pom, log, outside);
        var properties = Properties(chain);
        var managed = Managed(chain, properties, index, 0, outside);
        var unversioned = new List<PomDependency>();

        var dependencies = new Dictionary<string, PomDependency>(StringComparer.Ordinal);
        foreach (var model in chain)
        {
            foreach (var dependency in model.Dependencies)
            {
                dependencies[dependency.Key(properties)] = dependency;
            }
        }

        var graph = new PackageGraph(Ecosystems.Maven, input.Path);
        var internalModules = 0;
        foreach (var dependency in dependencies.Values)
        {
            var group = Interpolate(dependency.GroupId, properties);
            var artifact = Interpolate(dependency.ArtifactId, properties);
            if (group is null || artifact is null)
            {
                log.Warn($"dependency coordinates '{dependency.GroupId}:{dependency.ArtifactId}' could not be resolved", dependency.Line);
                continue;
            }

            if (index.IsModule(group, artifact))
            {
                internalModules++;
                continue;
            }

            managed.TryGetValue($"{group}:{artifact}", out var management);
            var rawVersion = dependency.Version ?? management?.Version;
            var version = rawVersion is null ? null : Interpolate(rawVersion, properties);
            if (version is null)
            {
                if (rawVersion is null && outside.Count > 0)
                {
                    unversioned.Add(dependency with { GroupId = group, ArtifactId = artifact });
                }
                else
                {
                    var where = dependency.File == input.Path ? string.Empty : $" (declared in {dependency.File})";
                    log.Warn(rawVersion is null
                        ? $"{group}:{artifact} has no version{where}; listed without one"
                        : $"{group}:{artifact} version '{rawVersion}'{where} could not be resolved; listed without one", dependency.File == input.Path ? dependency.Line : null);
                }
            }
            else
            {
                version = SimpleVersion(version);
            }

            var scope = dependency.Scope ?? management?.Scope ?? "compile";
            if (scope is "system" or "import")
            {
                continue;
            }

            var node = graph.Add(Ecosystems.MavenName(group, artifact), version, Ecosystems.MavenPurl(group, artifact, version));
            var dev = scope == "test";
            var optional = dependency.Optional || management?.Optional == true;
            PackageGraph.MarkDirect(node, dev ? DependencyScope.Development : optional ? DependencyScope.Optional : DependencyScope.Production);
            node.MarkOccurrence(dev, optional);
        }

        if (unversioned.Count > 0)
        {
            var first = unversioned.FirstOrDefault(d => d.File == input.Path);
            log.Warn($"{unversioned.Count} dependencies take their version from {string.Join(", ", outside.Distinct())}, which is not in the scanned tree (no network); "
                + $"listed without a version: {string.Join(", ", unversioned.Select(d => $"{d.GroupId}:{d.ArtifactId}"))}", first?.Line);
        }

        if (internalModules > 0)
        {
            log.Info($"{internalModules} dependencies on modules of this build are the project's own code and are not listed");
        }

        return log.Result(graph);
    }

    /// <summary>"[1.2.3]" is 1.2.3; other ranges are kept as written.</summary>
    private static string SimpleVersion(string version) =>
        version.StartsWith('[') && version.EndsWith(']') && !version.Contains(',', StringComparison.Ordinal) ? version[1..^1] : version;

    private static Dictionary<string, string> Properties(IReadOnlyList<PomModel> chain)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        PomModel? parent = null;
        foreach (var model in chain)
        {
            foreach (var (k, v) in model.Properties)
            {
                properties[k] = v;
            }

            var groupId = model.GroupId ?? model.Parent?.GroupId;
            var version = model.Version ?? model.Parent?.Version;
            Set("project.groupId", groupId);
            Set("pom.groupId", groupId);
            Set("groupId", groupId);
            Set("project.artifactId", model.ArtifactId);
            Set("pom.artifactId", model.ArtifactId);
            Set("artifactId", model.ArtifactId);
            Set("project.version", version);
            Set("pom.version", version);
            Set("version", version);
            Set("project.parent.groupId", model.Parent?.GroupId ?? parent?.GroupId);
            Set("project.parent.artifactId", model.Parent?.ArtifactId ?? parent?.ArtifactId);
            Set("project.parent.version", model.Parent?.Version ?? parent?.Version);
            Set("parent.version", model.Parent?.Version ?? parent?.Version);
            parent = model;
        }

        return properties;

        void Set(string key, string? value)
        {
            if (value is not null)
            {
                properties[key] = value;
            }
        }
    }

    private static Dictionary<string, PomDependency> Managed(IReadOnlyList<PomModel> chain, Dictionary<string, string> properties, PomIndex index, int depth, List<string>? outside)
    {
        var managed = new Dictionary<string, PomDependency>(StringComparer.Ordinal);
        foreach (var model in chain)
        {
            foreach (var dependency in model.Managed)
            {
                var group = Interpolate(dependency.GroupId, properties);
                var artifact = Interpolate(dependency.ArtifactId, properties);
                if (group is null || artifact is null)
                {
                    continue;
                }

                if (dependency.Scope == "import" && dependency.Type == "pom")
                {
                    // A BOM: its managed versions join ours when the tree has it (ours win, as declared first).
                    var version = dependency.Version is null ? null : Interpolate(dependency.Version, properties);
                    if (depth < 5 && index.Find(group, artifact, version) is { } bom)
                    {
                        var bomChain = index.Chain(bom, null);
                        foreach (var (key, value) in Managed(bomChain, Properties(bomChain), index, depth + 1, null))
                        {
                            managed.TryAdd(key, value with { Version = value.Version is null ? null : Interpolate(value.Version, Properties(bomChain)) });
                        }
                    }
                    else
                    {
                        outside?.Add($"BOM {group}:{artifact}:{version}");
                    }

                    continue;
                }

                managed[$"{group}:{artifact}"] = dependency;
            }
        }

        return managed;
    }

    /// <summary>Expands ${name} from the properties, recursively; null when a name is unknown.</summary>
    internal static string? Interpolate(string value, IReadOnlyDictionary<string, string> properties)
    {
        for (var depth = 0; depth < 10 && value.Contains("${", StringComparison.Ordinal); depth++)
        {
            var unknown = false;
            value = PropertyReference().Replace(value, m =>
            {
                if (properties.TryGetValue(m.Groups[1].Value, out var v))
                {
                    return v;
                }

                unknown = true;
                return m.Value;
            });
            if (unknown)
            {
                return null;
            }
        }

        return value.Contains("${", StringComparison.Ordinal) ? null : value.Trim();
    }

    [GeneratedRegex(@"\$\{([^}]+)\}")]
    private static partial Regex PropertyReference();
}

/// <summary>One <c>&lt;dependency&gt;</c>, as written.</summary>
internal sealed record PomDependency(string GroupId, string ArtifactId, string? Version, string? Scope, string? Type, string? Classifier, bool Optional, int? Line, string File)
{
    public string Key(IReadOnlyDictionary<string, string> properties) =>
        $"{PomXml.Interpolate(GroupId, properties) ?? GroupId}:{PomXml.Interpolate(ArtifactId, properties) ?? ArtifactId}:{Type ?? "jar"}:{Classifier}";
}

internal sealed record PomParent(string? GroupId, string? ArtifactId, string? Version, string RelativePath);

/// <summary>What one pom.xml says, before inheritance.</summary>
internal sealed record PomModel(string Path, string? GroupId, string? ArtifactId, string? Version, PomParent? Parent,
    IReadOnlyDictionary<string, string> Properties, IReadOnlyList<PomDependency> Managed, IReadOnlyList<PomDependency> Dependencies)
{
    public static PomModel? Read(string path, XDocument document)
    {
        var project = document.Root;
        if (project?.Name.LocalName != "project")
        {
            return null;
        }

        var parentElement = Child(project, "parent");
        var parent = parentElement is null ? null : new PomParent(Text(parentElement, "groupId"), Text(parentElement, "artifactId"), Text(parentElement, "version"),
            Text(parentElement, "relativePath") ?? "../pom.xml");
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in Child(project, "properties")?.Elements() ?? [])
        {
            properties[property.Name.LocalName] = property.Value.Trim();
        }

        return new PomModel(path, Text(project, "groupId"), Text(project, "artifactId"), Text(project, "version"), parent, properties,
            ReadDependencies(path, Child(Child(project, "dependencyManagement"), "dependencies")), ReadDependencies(path, Child(project, "dependencies")));
    }

    private static List<PomDependency> ReadDependencies(string path, XElement? list)
    {
        var result = new List<PomDependency>();
        foreach (var d in list?.Elements().Where(e => e.Name.LocalName == "dependency") ?? [])
        {
            if (Text(d, "groupId") is { } g && Text(d, "artifactId") is { } a)
            {
                result.Add(new PomDependency(g, a, Text(d, "version"), Text(d, "scope"), Text(d, "type"), Text(d, "classifier"),
                    string.Equals(Text(d, "optional"), "true", StringComparison.OrdinalIgnoreCase), Documents.LineOf(d), path));
            }
        }

        return result;
    }

    private static XElement? Child(XElement? element, string name) => element?.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    private static string? Text(XElement element, string name) => Child(element, name)?.Value.Trim() is { Length: > 0 } v ? v : null;
}

/// <summary>Every pom.xml of the scanned tree, parsed once per scan, found by path or coordinates.</summary>
internal sealed class PomIndex
{
    private readonly SourceTree _tree;
    private readonly Lazy<List<PomModel>> _all;

    public PomIndex(SourceTree tree)
    {
        _tree = tree;
        _all = new Lazy<List<PomModel>>(() =>
        {
            var models = new List<PomModel>();
            foreach (var path in tree.Paths.Where(p => PathOps.FileName(p) == "pom.xml").Order(StringComparer.Ordinal))
            {
                if (Load(path) is { } model)
                {
                    models.Add(model);
                }
            }

            return models;
        });
    }

    public bool IsModule(string groupId, string artifactId) =>
        _all.Value.Any(m => m.ArtifactId == artifactId && (m.GroupId ?? m.Parent?.GroupId) == groupId);

    public PomModel? Find(string groupId, string artifactId, string? version) =>
        _all.Value.FirstOrDefault(m => m.ArtifactId == artifactId && (m.GroupId ?? m.Parent?.GroupId) == groupId
            && (version is null || (m.Version ?? m.Parent?.Version) == version))
        ?? _all.Value.FirstOrDefault(m => m.ArtifactId == artifactId && (m.GroupId ?? m.Parent?.GroupId) == groupId);

    /// <summary>The pom and its ancestors found in the tree, outermost first.</summary>
    public List<PomModel> Chain(PomModel pom, ExtractionLog? log, List<string>? outside = null)
    {
        var chain = new List<PomModel> { pom };
        var current = pom;
        while (current.Parent is { } parent && chain.Count < 20)
        {
            var next = ByRelativePath(current, parent) ?? (parent.GroupId is not null && parent.ArtifactId is not null ? Find(parent.GroupId, parent.ArtifactId, parent.Version) : null);
            if (next is null || chain.Contains(next))
            {
                if (next is null)
                {
                    log?.Info($"parent {parent.GroupId}:{parent.ArtifactId}:{parent.Version} is not in the scanned tree (no network); what it manages is unknown");
                    outside?.Add($"parent {parent.GroupId}:{parent.ArtifactId}:{parent.Version}");
                }

                break;
            }

            chain.Insert(0, next);
            current = next;
        }

        return chain;
    }

    private PomModel? ByRelativePath(PomModel child, PomParent parent)
    {
        var path = PathOps.Combine(PathOps.DirectoryOf(child.Path), parent.RelativePath);
        if (!path.EndsWith(".xml", StringComparison.Ordinal))
        {
            path = PathOps.Combine(path, "pom.xml");
        }

        var model = _all.Value.FirstOrDefault(m => m.Path == path);
        return model is not null && model.ArtifactId == parent.ArtifactId ? model : null;
    }

    private PomModel? Load(string path)
    {
        if (_tree.Read(path) is not { } text)
        {
            return null;
        }

        var log = new ExtractionLog("java/pomxml", path);
        return Documents.TryParseXml(text, log, out var document) ? PomModel.Read(path, document) : null;
    }
}
