using Bulwark.Analyzers.Dependencies.Extraction;

namespace Bulwark.Analyzers.Dependencies.Extractors.Rust;

/// <summary>
/// Rust <c>Cargo.lock</c>, format versions 1 to 4. Packages without a <c>source</c> are the workspace's own crates
/// (members and path dependencies): not listed, and what they depend on is direct. Dependencies are written
/// <c>"name"</c>, <c>"name version"</c> or <c>"name version (source)"</c> and resolve to the locked package.
/// The lockfile does not separate dev-dependencies from the others: the <c>Cargo.toml</c> manifests of the tree
/// below the lockfile do. What a workspace crate asks for is development when that crate's manifest is in the tree
/// and names it only under <c>[dev-dependencies]</c>; a crate whose manifest is not in the tree (a partial checkout)
/// is taken to need its dependencies for production — better a dev tool listed than a runtime library left out.
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
        var packages = new List<(string Name, PackageNode? Node, IReadOnlyList<string> Dependencies)>();
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
            packages.Add((name, node, package.Strings("dependencies").ToList()));
        }

        var manifests = WorkspaceManifests(input);
        foreach (var (name, node, dependencies) in packages)
        {
            var manifest = node is null ? manifests.GetValueOrDefault(name) : null;
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
                    var development = manifest is not null && manifest.Development.Contains(parts[0]) && !manifest.Production.Contains(parts[0]);
                    PackageGraph.MarkDirect(target.Node, development ? DependencyScope.Development : DependencyScope.Production);
                }
                else
                {
                    PackageGraph.Depend(node, target.Node);
                }
            }
        }

        graph.PropagateScopes();
        return log.Result(graph);
    }

    /// <summary>What a workspace crate asks for, from its Cargo.toml: normal and build dependencies, and dev-dependencies.</summary>
    private sealed record CrateManifest(HashSet<string> Production, HashSet<string> Development);

    /// <summary>The manifests of the tree below the lockfile, by the crate name in their <c>[package]</c> table.</summary>
    private static Dictionary<string, CrateManifest> WorkspaceManifests(ExtractorInput input)
    {
        var manifests = new Dictionary<string, CrateManifest>(StringComparer.Ordinal);
        var prefix = input.Directory.Length == 0 ? string.Empty : input.Directory + "/";
        foreach (var path in input.Tree.Paths.Where(p => PathOps.FileName(p) == "Cargo.toml" && p.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
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

            // A virtual workspace manifest has no [package]: it asks for nothing itself.
            if (manifest.Table("package")?.String("name") is not { } crate || manifests.ContainsKey(crate))
            {
                continue;
            }

            var found = new CrateManifest(new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
            Collect(manifest, found);
            foreach (var (_, target) in manifest.Table("target") ?? [])
            {
                if (target is Tomlyn.Model.TomlTable t)
                {
                    Collect(t, found);
                }
            }

            manifests[crate] = found;
        }

        return manifests;

        static void Collect(Tomlyn.Model.TomlTable table, CrateManifest manifest)
        {
            foreach (var (key, set) in new[] { ("dependencies", manifest.Production), ("build-dependencies", manifest.Production), ("dev-dependencies", manifest.Development) })
            {
                foreach (var (name, spec) in table.Table(key) ?? [])
                {
                    set.Add(spec is Tomlyn.Model.TomlTable t && t.String("package") is { } renamed ? renamed : name);
                }
            }
        }
    }
}
