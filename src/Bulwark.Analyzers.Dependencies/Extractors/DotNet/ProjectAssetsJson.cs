using System.Text.Json;
using Bulwark.Analyzers.Dependencies.Extraction;

namespace Bulwark.Analyzers.Dependencies.Extractors.DotNet;

/// <summary>
/// NuGet restore output <c>obj/project.assets.json</c> (version 3 and 4): <c>targets</c> hold every resolved
/// package per framework with its dependencies; <c>project.frameworks.*.dependencies</c> are the direct ones.
/// Project references (type <c>project</c>) are not components; the packages they ask for get their dependency paths
/// from them (<see cref="Bulwark.Core.Inventory.Component.ProjectPaths"/>), starting at the projects
/// <c>project.restore.frameworks.*.projectReferences</c> names.
/// </summary>
internal sealed class ProjectAssetsJson : IExtractor
{
    public string Name => "dotnet/projectassetsjson";

    public int Version => 1;

    public string Ecosystem => Ecosystems.NuGet;

    public bool FileRequired(string path) => PathOps.FileName(path) == "project.assets.json";

    public ExtractionResult Extract(ExtractorInput input)
    {
        var log = new ExtractionLog(Name, input.Path);
        if (!Documents.TryParseJson(input.Text, log, out var document))
        {
            return log.Failure("the file was not extracted");
        }

        using (document)
        {
            var root = document.RootElement;
            var version = root.Int("version") ?? -1;
            if (version is not (3 or 4))
            {
                return log.Failure($"unsupported project.assets.json version {(version < 0 ? "(missing)" : version)}; supported are 3 and 4", field: "version");
            }

            var graph = new PackageGraph(Ecosystems.NuGet, input.Path);
            var direct = new Dictionary<string, DependencyScope>(StringComparer.OrdinalIgnoreCase);
            foreach (var framework in root.Object("project")?.Members("frameworks") ?? [])
            {
                foreach (var dependency in framework.Value.Members("dependencies"))
                {
                    var dev = string.Equals(dependency.Value.String("suppressParent"), "All", StringComparison.OrdinalIgnoreCase);
                    direct[dependency.Name] = dev ? DependencyScope.Development : DependencyScope.Production;
                }
            }

            var directProjects = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var framework in root.Object("project")?.Object("restore")?.Members("frameworks") ?? [])
            {
                foreach (var reference in framework.Value.Members("projectReferences"))
                {
                    directProjects.Add(ProjectReferences.NameOf(reference.Name));
                }
            }

            foreach (var target in root.Members("targets"))
            {
                var nodes = new Dictionary<string, PackageNode>(StringComparer.OrdinalIgnoreCase);
                var projects = new Dictionary<string, ProjectNode>(StringComparer.OrdinalIgnoreCase);
                foreach (var library in target.Value.Properties())
                {
                    if (library.Value.String("type") is "project")
                    {
                        var projectName = library.Name.Split('/')[0];
                        var project = graph.AddProject(projectName);
                        project.IsDirect |= directProjects.Contains(projectName);
                        projects[projectName] = project;
                        continue;
                    }

                    var slash = library.Name.IndexOf('/', StringComparison.Ordinal);
                    if (slash <= 0)
                    {
                        log.Warn("library key is not Name/Version", field: $"targets[\"{target.Name}\"][\"{library.Name}\"]");
                        continue;
                    }

                    var name = library.Name[..slash];
                    var packageVersion = library.Name[(slash + 1)..];
                    var node = graph.Add(name, packageVersion, Ecosystems.NuGetPurl(name, packageVersion));
                    nodes[name] = node;
                    if (direct.TryGetValue(name, out var scope))
                    {
                        PackageGraph.MarkDirect(node, scope);
                    }
                }

                foreach (var library in target.Value.Properties())
                {
                    var slash = library.Name.IndexOf('/', StringComparison.Ordinal);
                    if (slash > 0 && library.Value.String("type") is "project" && projects.TryGetValue(library.Name[..slash], out var project))
                    {
                        foreach (var dependency in library.Value.Members("dependencies"))
                        {
                            if (nodes.TryGetValue(dependency.Name, out var required))
                            {
                                project.Require(required);
                            }
                            else if (projects.TryGetValue(dependency.Name, out var referenced))
                            {
                                project.Reference(referenced);
                            }
                        }

                        continue;
                    }

                    if (slash <= 0 || !nodes.TryGetValue(library.Name[..slash], out var from))
                    {
                        continue;
                    }

                    foreach (var dependency in library.Value.Members("dependencies"))
                    {
                        if (nodes.TryGetValue(dependency.Name, out var to))
                        {
                            PackageGraph.Depend(from, to);
                        }
                    }
                }
            }

            graph.PropagateScopes();
            return log.Result(graph);
        }
    }
}
