using Bulwark.Analyzers.Dependencies.Extraction;

namespace Bulwark.Analyzers.Dependencies.Extractors.Rust;

/// <summary>
/// Rust <c>Cargo.lock</c>, format versions 1 to 4. Packages without a <c>source</c> are the workspace's own crates
/// (members and path dependencies): not listed, and what they depend on is direct. Dependencies are written
/// <c>"name"</c>, <c>"name version"</c> or <c>"name version (source)"</c> and resolve to the locked package.
/// The lockfile does not separate dev-dependencies from the others: the <c>Cargo.toml</c> manifests of the tree
/// below the lockfile do, and a direct dependency only ever named under <c>[dev-dependencies]</c> is development.
/// </summary>
internal sealed class CargoLock : IExtractor
{
    public string Name => "rust/cargolock";

    public int Version => 1;

    public string Ecosystem => Ecosystems.CratesIo;

    public bool NeedsTree => true;

    public bool FileRequired(string path) => PathOps.FileName(path) == "Cargo.lock";

    public bool CompanionRequired(string path) => PathOps.FileName(path) == "Cargo.toml";

    public ExtractionResult Extract(ExtractorInput input)
    {
        var log = new ExtractionLog(Name, input.Path);
        if (!Documents.TryParseToml(input.Text, log, out var lockfile))
        {
            return log.Failure("the lockfile was not extracted");
        }

        if (lockfile.TryGetValue("version", out var v) && (v is not long version || version is < 1 or > 4))
        {
            return log.Failure($"unsupported Cargo.lock version {v}; supported are 1 to 4", field: "version");
        }

        var graph = new PackageGraph(Ecosystems.CratesIo, input.Path);
        var packages = new List<(PackageNode? Node, IReadOnlyList<string> Dependencies)>();
        var byName = new Dictionary<string, List<(string Version, PackageNode? Node)>>(StringComparer.Ordinal);
        var index = 0;
        foreach (var package in lockfile.Tables("package"))
        {
            index++;
            var name = package.String("name");
            var packageVersion = package.String("version");
            if (name is null || packageVersion is null)
            {
                log.Warn("package without name or version", field: $"package[{index}]");
                continue;
            }

            var local = package.String("source") is null;
            var node = local ? null : graph.Add(name, packageVersion, Ecosystems.CargoPurl(name, packageVersion));
            if (!byName.TryGetValue(name, out var list))
            {
                byName[name] = list = [];
            }

            list.Add((packageVersion, node));
            packages.Add((node, package.Strings("dependencies").ToList()));
        }

        foreach (var (node, dependencies) in packages)
        {
            foreach (var dependency in dependencies)
            {
                var parts = dependency.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (!byName.TryGetValue(parts[0], out var candidates))
                {
                    continue;
                }

                var target = parts.Length > 1 ? candidates.FirstOrDefault(c => c.Version == parts[1]) : candidates.Count == 1 ? candidates[0] : default;
                if (target.Node is null)
                {
                    continue;
                }

                if (node is null)
                {
                    PackageGraph.MarkDirect(target.Node);
                }
                else
                {
                    PackageGraph.Depend(node, target.Node);
                }
            }
        }

        var (production, development) = ManifestDependencies(input);
        foreach (var node in graph.Nodes.Where(n => n.IsDirect && development.Contains(n.Name) && !production.Contains(n.Name)))
        {
            node.SetDirectScope(DependencyScope.Development);
        }

        graph.PropagateScopes();
        return log.Result(graph);
    }

    /// <summary>Crate names the tree's Cargo.toml files ask for as normal/build and as dev dependencies.</summary>
    private static (HashSet<string> Production, HashSet<string> Development) ManifestDependencies(ExtractorInput input)
    {
        var production = new HashSet<string>(StringComparer.Ordinal);
        var development = new HashSet<string>(StringComparer.Ordinal);
        var prefix = input.Directory.Length == 0 ? string.Empty : input.Directory + "/";
        foreach (var path in input.Tree.Paths.Where(p => PathOps.FileName(p) == "Cargo.toml" && p.StartsWith(prefix, StringComparison.Ordinal)))
        {
            Tomlyn.Model.TomlTable manifest;
            try
            {
                manifest = Tomlyn.TomlSerializer.Deserialize<Tomlyn.Model.TomlTable>(input.Tree.Read(path)!) ?? [];
            }
            catch (Tomlyn.TomlException)
            {
                continue;
            }

            Collect(manifest);
            foreach (var (_, target) in manifest.Table("target") ?? [])
            {
                if (target is Tomlyn.Model.TomlTable t)
                {
                    Collect(t);
                }
            }
        }

        return (production, development);

        void Collect(Tomlyn.Model.TomlTable table)
        {
            foreach (var (key, set) in new[] { ("dependencies", production), ("build-dependencies", production), ("dev-dependencies", development) })
            {
                foreach (var (name, spec) in table.Table(key) ?? [])
                {
                    set.Add(spec is Tomlyn.Model.TomlTable t && t.String("package") is { } renamed ? renamed : name);
                }
            }
        }
    }
}
