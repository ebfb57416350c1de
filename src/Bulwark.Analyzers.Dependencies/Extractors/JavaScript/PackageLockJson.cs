using System.Text.Json;
using Bulwark.Analyzers.Dependencies.Extraction;

namespace Bulwark.Analyzers.Dependencies.Extractors.JavaScript;

/// <summary>
/// npm <c>package-lock.json</c> and <c>npm-shrinkwrap.json</c>, lockfileVersion 1 (nested <c>dependencies</c>),
/// 2 and 3 (flat <c>packages</c> keyed by install path). Workspace members and <c>link</c> entries are the
/// project's own code, not components: their dependencies are direct. Aliases (<c>npm:real@1.0.0</c>, or a
/// <c>name</c> that differs from the folder) report the real package. Nested duplicates at one version merge;
/// development/optional follow the lockfile's <c>dev</c> and <c>optional</c> flags (<c>devOptional</c> is neither).
/// Version 1 has no record of the root's own dependencies: a package.json beside it says which are direct. Its
/// <c>file:</c> folder entries (workspace members, local folders) are the project's own code and what they require is
/// direct; a tarball entry (a URL or <c>file:x.tgz</c>) has no version field, so it is read from the tarball's name.
/// </summary>
internal sealed class PackageLockJson : IExtractor
{
    public string Name => "javascript/packagelockjson";

    public int Version => 1;

    public string Ecosystem => Ecosystems.Npm;

    public bool NeedsTree => true;

    public bool FileRequired(string path) =>
        PathOps.FileName(path) is "package-lock.json" or "npm-shrinkwrap.json" && !PathOps.InDirectory(path, "node_modules");

    public bool CompanionRequired(string path) => PathOps.FileName(path) == "package.json" && !PathOps.InDirectory(path, "node_modules");

    public ExtractionResult Extract(ExtractorInput input)
    {
        var log = new ExtractionLog(Name, input.Path);
        if (!Documents.TryParseJson(input.Text, log, out var document))
        {
            return log.Failure("the lockfile was not extracted");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return log.Failure("expected a JSON object", 1);
            }

            var version = root.TryGetProperty("lockfileVersion", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : 0;
            var graph = new PackageGraph(Ecosystems.Npm, input.Path);
            switch (version)
            {
                case 2 or 3 when root.Object("packages") is { } packages:
                    ReadPackages(packages, graph, log);
                    break;
                case 1 or 2 when root.Object("dependencies") is { } dependencies:
                    ReadLegacy(dependencies, graph, input, log);
                    break;
                case 1 or 2 or 3:
                    break;
                default:
                    return log.Failure($"unsupported lockfileVersion {(v.ValueKind == JsonValueKind.Undefined ? "(missing)" : v.ToString())}; supported are 1, 2 and 3", field: "lockfileVersion");
            }

            graph.PropagateScopes();
            return log.Result(graph);
        }
    }

    private static void ReadPackages(JsonElement packages, PackageGraph graph, ExtractionLog log)
    {
        var entries = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var p in packages.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.Object)
            {
                entries[p.Name] = p.Value;
            }
            else
            {
                log.Warn("package entry is not an object", field: $"packages[\"{p.Name}\"]");
            }
        }

        var nodes = new Dictionary<string, PackageNode>(StringComparer.Ordinal);
        foreach (var (path, entry) in entries)
        {
            if (!IsInstalledPackage(path) || entry.Bool("link"))
            {
                continue;
            }

            var folderName = NameFromPath(path);
            var (name, version) = NpmNames.SplitVersion(entry.String("name") ?? folderName, entry.String("version"));
            if (version is null && entry.String("version") is null && entry.String("resolved") is null)
            {
                // An entry with nothing but flags is an optional package not installed on this platform, or extraneous.
                if (!entry.Bool("optional") && !entry.Bool("extraneous"))
                {
                    log.Warn("package has no version", field: $"packages[\"{path}\"]");
                }

                continue;
            }

            var node = graph.Add(name, version, Ecosystems.NpmPurl(name, version));
            // devOptional means "needed by the dev tree and, outside it, only optionally": npm installs it with
            // --omit=dev (as an optional dependency) and with --omit=optional (for the dev tree), so it is neither.
            node.MarkOccurrence(entry.Bool("dev"), entry.Bool("optional"));
            if (entry.String("license") is { Length: > 0 } license && !node.Licenses.Contains(license))
            {
                node.Licenses.Add(license);
            }

            nodes[path] = node;
        }

        foreach (var (path, entry) in entries)
        {
            var isProject = !IsInstalledPackage(path);
            if (entry.Bool("link"))
            {
                continue;
            }

            if (isProject)
            {
                // The root ("") and workspace members: what they ask for is direct.
                foreach (var (name, _, scope) in NpmNames.ManifestDependencies(entry))
                {
                    if (Resolve(path, name, entries, nodes) is { } target)
                    {
                        PackageGraph.MarkDirect(target, scope);
                    }
                }

                continue;
            }

            if (!nodes.TryGetValue(path, out var from))
            {
                continue;
            }

            foreach (var (name, _, scope) in NpmNames.ManifestDependencies(entry))
            {
                if (scope != DependencyScope.Development && Resolve(path, name, entries, nodes) is { } target)
                {
                    PackageGraph.Depend(from, target, optional: scope == DependencyScope.Optional);
                }
            }
        }
    }

    /// <summary>Node's resolution: the nearest node_modules folder up from the requiring package; links are followed.</summary>
    private static PackageNode? Resolve(string from, string name, Dictionary<string, JsonElement> entries, Dictionary<string, PackageNode> nodes)
    {
        var dir = from;
        while (true)
        {
            var candidate = dir.Length == 0 ? "node_modules/" + name : dir + "/node_modules/" + name;
            if (entries.TryGetValue(candidate, out var entry))
            {
                if (entry.Bool("link"))
                {
                    return entry.String("resolved") is { } target ? nodes.GetValueOrDefault(target) : null;
                }

                return nodes.GetValueOrDefault(candidate);
            }

            if (dir.Length == 0)
            {
                return null;
            }

            dir = PathOps.DirectoryOf(dir);
        }
    }

    private static bool IsInstalledPackage(string path) =>
        path.StartsWith("node_modules/", StringComparison.Ordinal) || path.Contains("/node_modules/", StringComparison.Ordinal);

    private static string NameFromPath(string path)
    {
        var index = path.LastIndexOf("node_modules/", StringComparison.Ordinal);
        return index < 0 ? path : path[(index + "node_modules/".Length)..];
    }

    private void ReadLegacy(JsonElement dependencies, PackageGraph graph, ExtractorInput input, ExtractionLog log)
    {
        // Scopes: each nested "dependencies" object is a node_modules folder; requires resolve to the nearest.
        var top = new LegacyScope(null);
        Collect(dependencies, top, graph, log, "dependencies");
        Link(top);

        var manifest = input.Tree.Read(PathOps.Combine(input.Directory, "package.json"));
        if (manifest is null)
        {
            return;
        }

        try
        {
            using var doc = JsonDocument.Parse(manifest);
            foreach (var (name, _, scope) in NpmNames.ManifestDependencies(doc.RootElement))
            {
                if (top.Packages.TryGetValue(name, out var entry) && entry.Node is not null)
                {
                    PackageGraph.MarkDirect(entry.Node, scope);
                }
            }
        }
        catch (JsonException)
        {
            log.Info("package.json beside the lockfile is not valid JSON; direct dependencies were inferred");
        }
    }

    private void Collect(JsonElement dependencies, LegacyScope scope, PackageGraph graph, ExtractionLog log, string field)
    {
        foreach (var p in dependencies.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.Object)
            {
                log.Warn("dependency entry is not an object", field: $"{field}[\"{p.Name}\"]");
                continue;
            }

            // A workspace member or file: folder ("version": "file:packages/cli") is the project's own code.
            PackageNode? node = null;
            if (p.Value.String("version") is not { } spec || !NpmNames.IsLocalFolder(spec))
            {
                var (name, version) = NpmNames.SplitVersion(p.Name, p.Value.String("version"));
                node = graph.Add(name, version, Ecosystems.NpmPurl(name, version));
                node.MarkOccurrence(p.Value.Bool("dev"), p.Value.Bool("optional"));
            }

            var child = new LegacyScope(scope);
            scope.Packages[p.Name] = new LegacyEntry(node, p.Value, child);
            if (p.Value.Object("dependencies") is { } nested)
            {
                Collect(nested, child, graph, log, $"{field}[\"{p.Name}\"].dependencies");
            }
        }
    }

    private static void Link(LegacyScope scope)
    {
        foreach (var entry in scope.Packages.Values)
        {
            foreach (var require in entry.Element.Members("requires"))
            {
                for (var s = entry.Children; s is not null; s = s.Parent)
                {
                    if (s.Packages.TryGetValue(require.Name, out var target))
                    {
                        if (target.Node is not null)
                        {
                            if (entry.Node is null)
                            {
                                PackageGraph.MarkDirect(target.Node);
                            }
                            else
                            {
                                PackageGraph.Depend(entry.Node, target.Node);
                            }
                        }

                        break;
                    }
                }
            }

            Link(entry.Children);
        }
    }

    private sealed class LegacyScope(LegacyScope? parent)
    {
        public LegacyScope? Parent { get; } = parent;

        public Dictionary<string, LegacyEntry> Packages { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>One entry of a v1 <c>dependencies</c> object; <see cref="Node"/> is null for the project's own folders.</summary>
    private sealed record LegacyEntry(PackageNode? Node, JsonElement Element, LegacyScope Children);
}
