using System.Text.Json;
using Bulwark.Analyzers.Dependencies.Extraction;
using Tomlyn.Model;

namespace Bulwark.Analyzers.Dependencies.Extractors.Python;

/// <summary>
/// Pipenv <c>Pipfile.lock</c> (pipfile-spec 6): <c>default</c> and <c>develop</c> sections of pinned packages. A
/// package only in <c>develop</c> is a development dependency. The lock does not say which packages the project
/// asked for: the <c>Pipfile</c> beside it does (<c>[packages]</c>, <c>[dev-packages]</c>). Editable and path
/// entries are the project's own code and are not listed; git entries are listed without a version.
/// </summary>
internal sealed class PipfileLock : IExtractor
{
    public string Name => "python/pipfilelock";

    public int Version => 1;

    public string Ecosystem => Ecosystems.PyPI;

    public bool NeedsTree => true;

    public bool FileRequired(string path) => PathOps.FileName(path) == "Pipfile.lock";

    public bool CompanionRequired(string path) => PathOps.FileName(path) == "Pipfile";

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
            var spec = root.Object("_meta")?.Int("pipfile-spec") ?? -1;
            if (spec is not (-1 or 6) || root.Object("default") is null && root.Object("develop") is null)
            {
                return log.Failure($"unsupported Pipfile.lock (pipfile-spec {spec}); supported is 6", field: "_meta.pipfile-spec");
            }

            var graph = new PackageGraph(Ecosystems.PyPI, input.Path);
            foreach (var (section, dev) in new[] { ("default", false), ("develop", true) })
            {
                foreach (var package in root.Members(section))
                {
                    if (package.Value.Bool("editable") || package.Value.String("path") is not null || package.Value.String("file") is not null)
                    {
                        log.Info($"{package.Name} is local code (editable/path), not listed", field: $"{section}[\"{package.Name}\"]");
                        continue;
                    }

                    var version = package.Value.String("version") is { } v && v.StartsWith("==", StringComparison.Ordinal) ? v[2..].Trim() : null;
                    if (version is null && package.Value.String("git") is null)
                    {
                        log.Warn("package has no == version", field: $"{section}[\"{package.Name}\"].version");
                    }

                    var node = graph.Add(package.Name, version, Ecosystems.PyPIPurl(package.Name, version));
                    node.MarkOccurrence(dev, false);
                }
            }

            MarkDirect(input, graph);
            graph.PropagateScopes();
            return log.Result(graph);
        }
    }

    private static void MarkDirect(ExtractorInput input, PackageGraph graph)
    {
        var text = input.Tree.Read(PathOps.Combine(input.Directory, "Pipfile"));
        if (text is null)
        {
            return;
        }

        TomlTable pipfile;
        try
        {
            pipfile = Tomlyn.TomlSerializer.Deserialize<TomlTable>(text) ?? new TomlTable();
        }
        catch (Tomlyn.TomlException)
        {
            return;
        }

        var byName = graph.Nodes.ToLookup(n => Ecosystems.NormalizePyPIName(n.Name), StringComparer.Ordinal);
        foreach (var (section, scope) in new[] { ("packages", DependencyScope.Production), ("dev-packages", DependencyScope.Development) })
        {
            foreach (var (name, _) in pipfile.Table(section) ?? [])
            {
                foreach (var node in byName[Ecosystems.NormalizePyPIName(name)])
                {
                    PackageGraph.MarkDirect(node, scope);
                }
            }
        }
    }
}
