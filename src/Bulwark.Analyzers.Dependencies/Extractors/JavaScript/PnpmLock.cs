using System.Globalization;
using Bulwark.Analyzers.Dependencies.Extraction;
using YamlDotNet.RepresentationModel;

namespace Bulwark.Analyzers.Dependencies.Extractors.JavaScript;

/// <summary>
/// pnpm <c>pnpm-lock.yaml</c>, lockfileVersion 5.x (<c>/name/1.0.0_peer</c> keys), 6.x (<c>/name@1.0.0(peer)</c>)
/// and 9.x (<c>name@1.0.0</c> in <c>packages</c>, the graph in <c>snapshots</c>). A package installed with several
/// peer variants is one component. <c>importers</c> (or the top level of a single-project v5 lockfile) are the
/// projects: their dependencies are direct, with their scope. <c>link:</c> targets are workspace projects and
/// <c>file:</c> packages are folders of the project itself: neither is a component, and what a <c>file:</c>
/// package asks for counts as direct.
/// </summary>
internal sealed class PnpmLock : IExtractor
{
    public string Name => "javascript/pnpmlock";

    public int Version => 1;

    public string Ecosystem => Ecosystems.Npm;

    public bool FileRequired(string path) => PathOps.FileName(path) == "pnpm-lock.yaml" && !PathOps.InDirectory(path, "node_modules");

    public ExtractionResult Extract(ExtractorInput input)
    {
        var log = new ExtractionLog(Name, input.Path);
        if (!Documents.TryParseYaml(input.Text, log, out var root))
        {
            return log.Failure("the lockfile was not extracted");
        }

        var versionText = root.Scalar("lockfileVersion");
        if (!double.TryParse(versionText, NumberStyles.Float, CultureInfo.InvariantCulture, out var lockVersion) || lockVersion < 5 || lockVersion >= 10)
        {
            return log.Failure($"unsupported lockfileVersion {versionText ?? "(missing)"}; supported are 5.x, 6.x and 9.x", field: "lockfileVersion");
        }

        var major = (int)lockVersion;
        var graph = new PackageGraph(Ecosystems.Npm, input.Path);
        var completeness = new LockfileCompleteness(log);
        var reader = new Reader(major, graph, log, completeness);
        reader.ReadPackages(root.Map("packages"));
        if (major >= 9)
        {
            reader.ReadSnapshots(root.Map("snapshots"));
        }

        reader.WireEdges();

        if (root.Map("importers") is { } importers)
        {
            foreach (var (name, importer) in importers.Entries())
            {
                if (importer is YamlMappingNode project)
                {
                    reader.ReadImporter($"importer {name}", project);
                }
            }
        }
        else
        {
            reader.ReadImporter("the project", root);
        }

        reader.LinkLocalPackages();
        completeness.Report(input.Text);
        graph.PropagateScopes();
        return log.Result(graph);
    }

    private sealed class Reader(int major, PackageGraph graph, ExtractionLog log, LockfileCompleteness completeness)
    {
        private readonly Dictionary<string, PackageNode> _byKey = new(StringComparer.Ordinal);
        private readonly List<(YamlMappingNode Entry, PackageNode Node)> _withDependencies = [];
        private readonly List<(string Key, YamlMappingNode Entry)> _local = [];

        public void ReadPackages(YamlMappingNode? packages)
        {
            foreach (var (key, value) in packages.Entries())
            {
                var entry = value as YamlMappingNode ?? new YamlMappingNode();
                if (IsLocal(key))
                {
                    _local.Add((key, entry));
                    continue;
                }

                var (name, version) = ParseKey(key);
                name = entry.Scalar("name") ?? name;
                version = entry.Scalar("version") ?? version;
                if (version is not null && !NpmNames.IsRegistryVersion(version))
                {
                    // A file: or URL tarball keyed by its location: its version, when the entry has none, is in its name.
                    version = NpmNames.TarballVersion(name, version);
                }
                if (name.Length == 0)
                {
                    log.Warn("package key names no package", Documents.LineOf(value), $"packages[\"{key}\"]");
                    continue;
                }

                var node = graph.Add(name, version, Ecosystems.NpmPurl(name, version));
                _byKey[StripPeers(key.TrimStart('/'))] = node;
                if (entry.Scalar("dev") is { } dev)
                {
                    node.Development = (node.Development ?? true) && dev == "true";
                }

                if (major < 9)
                {
                    MarkOptional(node, entry);
                    _withDependencies.Add((entry, node));
                }
            }
        }

        public void ReadSnapshots(YamlMappingNode? snapshots)
        {
            foreach (var (key, value) in snapshots.Entries())
            {
                if (value is not YamlMappingNode entry)
                {
                    continue;
                }

                if (IsLocal(key))
                {
                    _local.Add((key, entry));
                    continue;
                }

                if (!_byKey.TryGetValue(StripPeers(key), out var node))
                {
                    var (name, version) = ParseKey(key);
                    node = graph.Add(name, version, Ecosystems.NpmPurl(name, version));
                    _byKey[StripPeers(key)] = node;
                }

                MarkOptional(node, entry);
                _withDependencies.Add((entry, node));
            }
        }

        /// <summary>
        /// pnpm marks a package installed only as an optional dependency with <c>optional: true</c> (v5/v6 in
        /// <c>packages</c>, v9 in <c>snapshots</c>); one peer variant without the mark is required, so the package is.
        /// </summary>
        private static void MarkOptional(PackageNode node, YamlMappingNode entry) =>
            node.Optional = (node.Optional ?? true) && entry.IsTrue("optional");

        public void WireEdges()
        {
            foreach (var (entry, node) in _withDependencies)
            {
                Edges(entry, node);
            }
        }

        public void ReadImporter(string name, YamlMappingNode project)
        {
            Direct(name, project.Map("dependencies"), DependencyScope.Production);
            Direct(name, project.Map("optionalDependencies"), DependencyScope.Optional);
            Direct(name, project.Map("devDependencies"), DependencyScope.Development);
        }

        public void LinkLocalPackages()
        {
            foreach (var (key, entry) in _local)
            {
                Direct(key, entry.Map("dependencies"), DependencyScope.Production);
                Direct(key, entry.Map("optionalDependencies"), DependencyScope.Optional);
            }
        }

        private void Direct(string dependent, YamlMappingNode? dependencies, DependencyScope scope)
        {
            foreach (var (name, value) in dependencies.Entries())
            {
                var reference = value switch
                {
                    YamlScalarNode s => s.Value,
                    YamlMappingNode m => m.Scalar("version"),
                    _ => null,
                };
                if (reference is not null && Resolve(name, reference) is { } target)
                {
                    PackageGraph.MarkDirect(target, scope);
                }
                else if (reference is not null && !IsLocal(reference))
                {
                    completeness.Missing(dependent, name, reference, Documents.LineOf(value));
                }
            }
        }

        private void Edges(YamlMappingNode entry, PackageNode from)
        {
            foreach (var (section, optional) in new[] { ("dependencies", false), ("optionalDependencies", true) })
            {
                foreach (var (name, value) in entry.Map(section).Entries())
                {
                    if (value is not YamlScalarNode { Value: { } reference })
                    {
                        continue;
                    }

                    if (Resolve(name, reference) is { } target)
                    {
                        PackageGraph.Depend(from, target, optional);
                    }
                    else if (!IsLocal(reference))
                    {
                        completeness.Missing($"{from.Name}@{from.Version}", name, reference, Documents.LineOf(value));
                    }
                }
            }
        }

        /// <summary>A dependency's version reference to the package it installs: "1.0.0(peer)", "/real@1.0.0", "real@1.0.0".</summary>
        private PackageNode? Resolve(string name, string reference)
        {
            if (IsLocal(reference))
            {
                return null;
            }

            var stripped = StripPeers(reference);
            if (stripped.StartsWith('/'))
            {
                return _byKey.GetValueOrDefault(stripped[1..]);
            }

            if (major >= 9 && !char.IsAsciiDigit(stripped.FirstOrDefault()) && stripped.IndexOf('@', 1) > 0 && _byKey.TryGetValue(stripped, out var aliased))
            {
                return aliased;
            }

            var key = major >= 6 ? $"{name}@{stripped}" : $"{name}/{stripped}";
            return _byKey.GetValueOrDefault(key) ?? _byKey.GetValueOrDefault(stripped);
        }

        /// <summary>
        /// A <c>link:</c> or <c>file:</c> folder ("file:vendor/lib", "lib@file:vendor/lib(peer)"); a <c>file:</c>
        /// tarball ("file:vendor/lib-1.0.0.tgz") is a package with a name and version like any other.
        /// </summary>
        private static bool IsLocal(string keyOrReference)
        {
            var paren = keyOrReference.IndexOf('(', StringComparison.Ordinal);
            var key = paren > 0 ? keyOrReference[..paren] : keyOrReference;
            var at = key.StartsWith("link:", StringComparison.Ordinal) || key.StartsWith("file:", StringComparison.Ordinal) ? 0
                : Math.Max(key.IndexOf("@file:", StringComparison.Ordinal), key.IndexOf("@link:", StringComparison.Ordinal)) + 1;
            return NpmNames.IsLocalFolder(key[at..]);
        }

        /// <summary>Drops the peer-dependency suffix: "(…)" from v6 on, "_…" in v5.</summary>
        private string StripPeers(string key)
        {
            var paren = key.IndexOf('(', StringComparison.Ordinal);
            if (paren > 0)
            {
                key = key[..paren];
            }

            if (major < 6)
            {
                var underscore = key.IndexOf('_', key.LastIndexOf('/') + 1);
                if (underscore > 0)
                {
                    key = key[..underscore];
                }
            }

            return key;
        }

        private (string Name, string? Version) ParseKey(string key)
        {
            var stripped = StripPeers(key.TrimStart('/'));
            if (major >= 6)
            {
                var at = stripped.LastIndexOf('@');
                return at > 0 ? (stripped[..at], stripped[(at + 1)..]) : (stripped, null);
            }

            var slash = stripped.LastIndexOf('/');
            return slash > 0 ? (stripped[..slash], stripped[(slash + 1)..]) : (stripped, null);
        }
    }
}
