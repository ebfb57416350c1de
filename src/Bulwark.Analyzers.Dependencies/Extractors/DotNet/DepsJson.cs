using System.Text.Json;
using Bulwark.Analyzers.Dependencies.Extraction;

namespace Bulwark.Analyzers.Dependencies.Extractors.DotNet;

/// <summary>
/// .NET runtime dependency manifests <c>*.deps.json</c> (next to a built application): <c>libraries</c> of type
/// <c>package</c> are components; the application's own entry (type <c>project</c>) says which are direct.
/// </summary>
internal sealed class DepsJson : IExtractor
{
    public string Name => "dotnet/depsjson";

    public int Version => 1;

    public string Ecosystem => Ecosystems.NuGet;

    public bool FileRequired(string path) => path.EndsWith(".deps.json", StringComparison.OrdinalIgnoreCase);

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
            if (root.Object("libraries") is not { } libraries)
            {
                return log.Failure("no libraries object; not a .deps.json file", field: "libraries");
            }

            var graph = new PackageGraph(Ecosystems.NuGet, input.Path);
            var nodes = new Dictionary<string, PackageNode>(StringComparer.OrdinalIgnoreCase);
            var projects = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var library in libraries.EnumerateObject())
            {
                var slash = library.Name.IndexOf('/', StringComparison.Ordinal);
                if (slash <= 0)
                {
                    log.Warn("library key is not Name/Version", field: $"libraries[\"{library.Name}\"]");
                    continue;
                }

                if (library.Value.String("type") != "package")
                {
                    projects.Add(library.Name);
                    continue;
                }

                var name = library.Name[..slash];
                var version = library.Name[(slash + 1)..];
                nodes[library.Name] = graph.Add(name, version, Ecosystems.NuGetPurl(name, version));
            }

            foreach (var target in root.Members("targets"))
            {
                foreach (var library in target.Value.Properties())
                {
                    foreach (var dependency in library.Value.Members("dependencies"))
                    {
                        if (!nodes.TryGetValue($"{dependency.Name}/{dependency.Value}", out var to))
                        {
                            continue;
                        }

                        if (nodes.TryGetValue(library.Name, out var from))
                        {
                            PackageGraph.Depend(from, to);
                        }
                        else if (projects.Contains(library.Name))
                        {
                            PackageGraph.MarkDirect(to);
                        }
                    }
                }
            }

            graph.PropagateScopes();
            return log.Result(graph);
        }
    }
}
