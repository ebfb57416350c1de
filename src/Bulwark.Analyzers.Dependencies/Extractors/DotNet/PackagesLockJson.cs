using System.Text.Json;
using Bulwark.Analyzers.Dependencies.Extraction;

namespace Bulwark.Analyzers.Dependencies.Extractors.DotNet;

/// <summary>
/// NuGet <c>packages.lock.json</c> (version 1 and 2): per target framework (and runtime), each package with its
/// <c>type</c> (Direct, Transitive, CentralTransitive, Project), resolved version and dependencies. The union over
/// target frameworks is reported. <c>Project</c> entries are the repository's own projects, not components; the
/// packages only they bring in are transitive for this project (they are direct in those projects' own lockfiles),
/// and their dependency paths start at the project reference that asks for them (<see cref="Bulwark.Core.Inventory.Component.ProjectPaths"/>).
/// Which projects are referenced directly is read from the project file beside the lockfile when there is one.
/// </summary>
internal sealed class PackagesLockJson : IExtractor
{
    public string Name => "dotnet/packageslockjson";

    public int Version => 1;

    public string Ecosystem => Ecosystems.NuGet;

    public bool FileRequired(string path) => PathOps.FileName(path) == "packages.lock.json";

    /// <summary>Reads the project file beside the lockfile for its direct project references.</summary>
    public bool NeedsTree => true;

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
            var directProjects = ProjectReferences.Direct(input);
            foreach (var framework in root.Members("dependencies"))
            {
                var nodes = new Dictionary<string, PackageNode>(StringComparer.OrdinalIgnoreCase);
                var projects = new List<JsonProperty>();
                foreach (var package in framework.Value.Properties())
                {
                    var type = package.Value.String("type");
                    if (type == "Project")
                    {
                        projects.Add(package);
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
                    var project = package.Value.String("type") == "Project" ? graph.AddProject(package.Name) : null;
                    foreach (var dependency in package.Value.Members("dependencies"))
                    {
                        if (project is not null)
                        {
                            if (nodes.TryGetValue(dependency.Name, out var required))
                            {
                                project.Require(required);
                            }
                            else if (projects.Any(p => string.Equals(p.Name, dependency.Name, StringComparison.OrdinalIgnoreCase)))
                            {
                                var referenced = graph.AddProject(dependency.Name);
                                referenced.PreferName(dependency.Name);
                                project.Reference(referenced);
                            }

                            continue;
                        }

                        if (nodes.TryGetValue(dependency.Name, out var target) && nodes.TryGetValue(package.Name, out var from))
                        {
                            PackageGraph.Depend(from, target);
                        }
                    }
                }
            }

            if (directProjects is not null)
            {
                foreach (var name in directProjects)
                {
                    if (graph.FindProject(name) is { } project)
                    {
                        project.IsDirect = true;
                        project.PreferName(name);
                    }
                }
            }

            graph.PropagateScopes();
            return log.Result(graph);
        }
    }
}
