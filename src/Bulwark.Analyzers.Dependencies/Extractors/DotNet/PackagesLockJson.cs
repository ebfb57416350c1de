using System.Text.Json;
using Bulwark.Analyzers.Dependencies.Extraction;

namespace Bulwark.Analyzers.Dependencies.Extractors.DotNet;

/// <summary>
/// NuGet <c>packages.lock.json</c> (version 1 and 2): per target framework (and runtime), each package with its
/// <c>type</c> (Direct, Transitive, CentralTransitive, Project), resolved version and dependencies. The union over
/// target frameworks is reported. <c>Project</c> entries are the repository's own projects, not components; the
/// packages only they bring in are transitive for this project (they are direct in those projects' own lockfiles).
/// </summary>
internal sealed class PackagesLockJson : IExtractor
{
    public string Name => "dotnet/packageslockjson";

    public int Version => 1;

    public string Ecosystem => Ecosystems.NuGet;

    public bool FileRequired(string path) => PathOps.FileName(path) == "packages.lock.json";

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
            var version = root.Int("version") ?? -1;
            if (version is not (1 or 2))
            {
                return log.Failure($"unsupported packages.lock.json version {(version < 0 ? "(missing)" : version)}; supported are 1 and 2", field: "version");
            }

            var graph = new PackageGraph(Ecosystems.NuGet, input.Path);
            foreach (var framework in root.Members("dependencies"))
            {
                var nodes = new Dictionary<string, PackageNode>(StringComparer.OrdinalIgnoreCase);
                var projects = new List<JsonElement>();
                foreach (var package in framework.Value.Properties())
                {
                    var type = package.Value.String("type");
                    if (type == "Project")
                    {
                        projects.Add(package.Value);
                        continue;
                    }

                    var resolved = package.Value.String("resolved");
                    if (resolved is null)
                    {
                        log.Warn("package has no resolved version", field: $"dependencies[\"{framework.Name}\"][\"{package.Name}\"]");
                        continue;
                    }

                    var node = graph.Add(package.Name, resolved, Ecosystems.NuGetPurl(package.Name, resolved));
                    nodes[package.Name] = node;
                    if (type == "Direct")
                    {
                        PackageGraph.MarkDirect(node);
                    }
                }

                foreach (var package in framework.Value.Properties())
                {
                    foreach (var dependency in package.Value.Members("dependencies"))
                    {
                        if (!nodes.TryGetValue(dependency.Name, out var target))
                        {
                            continue;
                        }

                        if (nodes.TryGetValue(package.Name, out var from))
                        {
                            PackageGraph.Depend(from, target);
                        }
                    }
                }
            }

            graph.PropagateScopes();
            return log.Result(graph);
        }
    }
}
