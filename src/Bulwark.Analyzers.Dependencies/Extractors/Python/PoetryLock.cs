using Bulwark.Analyzers.Dependencies.Extraction;
using Tomlyn.Model;

namespace Bulwark.Analyzers.Dependencies.Extractors.Python;

/// <summary>
/// Poetry <c>poetry.lock</c>, lock-version 1.x (with <c>category = "dev"</c>) and 2.x (no category: development is
/// inferred from the graph). <c>[package.dependencies]</c> give the edges; the <c>pyproject.toml</c> beside it says
/// which are direct and which groups are for development. Directory/file sources are the project's own code: not
/// listed, and what they ask for is direct.
/// </summary>
internal sealed class PoetryLock : IExtractor
{
    public string Name => "python/poetrylock";

    public int Version => 1;

    public string Ecosystem => Ecosystems.PyPI;

    public bool NeedsTree => true;

    public bool FileRequired(string path) => PathOps.FileName(path) == "poetry.lock";

    public bool CompanionRequired(string path) => PathOps.FileName(path) == "pyproject.toml";

    public ExtractionResult Extract(ExtractorInput input)
    {
        var log = new ExtractionLog(Name, input.Path);
        if (!Documents.TryParseToml(input.Text, log, out var lockfile))
        {
            return log.Failure("the lockfile was not extracted");
        }

        var lockVersion = lockfile.Table("metadata")?.String("lock-version");
        if (lockVersion is not null && !(lockVersion.StartsWith("1.", StringComparison.Ordinal) || lockVersion.StartsWith("2.", StringComparison.Ordinal)))
        {
            return log.Failure($"unsupported poetry lock-version {lockVersion}; supported are 1.x and 2.x", field: "metadata.lock-version");
        }

        return PythonLock.Build(input, log, lockfile.Tables("package"), package =>
        {
            var dependencies = new List<(string, bool)>();
            foreach (var (name, spec) in package.Table("dependencies") ?? [])
            {
                dependencies.Add((name, spec is TomlTable t && t.TryGetValue("optional", out var o) && o is true));
            }

            var category = package.String("category");
            return new PythonLock.Entry(dependencies, category is null ? null : category == "dev", package.TryGetValue("optional", out var opt) && opt is true);
        });
    }
}

/// <summary>What the TOML Python lockfiles share: local sources, pyproject direct dependencies, edges by name.</summary>
internal static class PythonLock
{
    public sealed record Entry(IReadOnlyList<(string Name, bool Optional)> Dependencies, bool? Development, bool Optional, IReadOnlyList<(string Name, DependencyScope Scope)>? DirectFromSelf = null);

    public static ExtractionResult Build(ExtractorInput input, ExtractionLog log, IEnumerable<TomlTable> packages, Func<TomlTable, Entry> read)
    {
        var graph = new PackageGraph(Ecosystems.PyPI, input.Path);
        var byName = new Dictionary<string, List<PackageNode>>(StringComparer.Ordinal);
        var entries = new List<(PackageNode? Node, Entry Entry)>();
        var index = 0;
        foreach (var package in packages)
        {
            index++;
            var name = package.String("name");
            var version = package.String("version");
            if (name is null)
            {
                log.Warn("package without a name", field: $"package[{index}]");
                continue;
            }

            var entry = read(package);
            if (IsLocal(package))
            {
                entries.Add((null, entry));
                continue;
            }

            var node = graph.Add(name, version, Ecosystems.PyPIPurl(name, version));
            if (entry.Development is { } dev)
            {
                node.MarkOccurrence(dev, entry.Optional);
            }

            var key = Ecosystems.NormalizePyPIName(name);
            if (!byName.TryGetValue(key, out var list))
            {
                byName[key] = list = [];
            }

            if (!list.Contains(node))
            {
                list.Add(node);
            }

            entries.Add((node, entry));
        }

        foreach (var (node, entry) in entries)
        {
            foreach (var (dep, optional) in entry.Dependencies)
            {
                foreach (var target in byName.GetValueOrDefault(Ecosystems.NormalizePyPIName(dep)) ?? [])
                {
                    if (node is null)
                    {
                        PackageGraph.MarkDirect(target, optional ? DependencyScope.Optional : DependencyScope.Production);
                    }
                    else
                    {
                        PackageGraph.Depend(node, target, optional);
                    }
                }
            }

            foreach (var (dep, scope) in entry.DirectFromSelf ?? [])
            {
                foreach (var target in byName.GetValueOrDefault(Ecosystems.NormalizePyPIName(dep)) ?? [])
                {
                    PackageGraph.MarkDirect(target, scope);
                }
            }
        }

        foreach (var (name, scope) in Pep508.DeclaredInPyproject(input.Tree.Read(PathOps.Combine(input.Directory, "pyproject.toml"))))
        {
            foreach (var target in byName.GetValueOrDefault(name) ?? [])
            {
                PackageGraph.MarkDirect(target, scope);
            }
        }

        graph.PropagateScopes();
        return log.Result(graph);
    }

    /// <summary>A package whose source is a folder or file of the project (Poetry path deps, uv editable/virtual/directory).</summary>
    private static bool IsLocal(TomlTable package)
    {
        if (package.Table("source") is not { } source)
        {
            return false;
        }

        return source.String("type") is "directory" or "file"
            || source.ContainsKey("editable") || source.ContainsKey("virtual") || source.ContainsKey("directory") || source.ContainsKey("path");
    }
}
