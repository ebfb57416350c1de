using Bulwark.Analyzers.Dependencies.Extraction;
using YamlDotNet.RepresentationModel;

namespace Bulwark.Analyzers.Dependencies.Extractors.ObjectiveC;

/// <summary>
/// CocoaPods <c>Podfile.lock</c> (YAML): <c>PODS</c> lists each pod (and subspec) with its version and
/// dependencies; subspecs (<c>Firebase/Core</c>) belong to their pod and are one component with it.
/// <c>DEPENDENCIES</c> names the direct pods. Pods from <c>:path</c> external sources (Flutter plugins, the app's
/// own pods) are local code and are not listed (what they need is direct); <c>:git</c> ones are.
/// </summary>
internal sealed class PodfileLock : IExtractor
{
    public string Name => "objectivec/podfilelock";

    public int Version => 1;

    public string Ecosystem => Ecosystems.CocoaPods;

    public bool FileRequired(string path) => PathOps.FileName(path) == "Podfile.lock";

    public ExtractionResult Extract(ExtractorInput input)
    {
        var log = new ExtractionLog(Name, input.Path);
        if (!Documents.TryParseYaml(input.Text, log, out var root))
        {
            return log.Failure("the lockfile was not extracted");
        }

        if (root.Get("PODS") is not YamlSequenceNode pods)
        {
            return log.Failure("no PODS list; not a Podfile.lock", field: "PODS");
        }

        var local = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, source) in root.Map("EXTERNAL SOURCES").Entries())
        {
            if (source is YamlMappingNode s && s.Scalar(":path") is not null)
            {
                local.Add(name);
            }
        }

        var graph = new PackageGraph(Ecosystems.CocoaPods, input.Path);
        var nodes = new Dictionary<string, PackageNode>(StringComparer.Ordinal);
        var edges = new List<(string From, string To)>();
        foreach (var item in pods.Children)
        {
            var (spec, dependencies) = item switch
            {
                YamlScalarNode s => (s.Value ?? string.Empty, (IEnumerable<YamlNode>)[]),
                YamlMappingNode m when m.Children.Count == 1 => ((m.Children.First().Key as YamlScalarNode)?.Value ?? string.Empty,
                    (m.Children.First().Value as YamlSequenceNode)?.Children ?? (IEnumerable<YamlNode>)[]),
                _ => (string.Empty, []),
            };
            var open = spec.IndexOf(" (", StringComparison.Ordinal);
            if (open <= 0 || !spec.EndsWith(')'))
            {
                log.Warn($"not a 'Pod (version)' entry: '{spec}'", Documents.LineOf(item));
                continue;
            }

            var pod = Root(spec[..open]);
            var version = spec[(open + 2)..^1];
            if (!local.Contains(pod))
            {
                nodes.TryAdd(pod, graph.Add(pod, version, Ecosystems.CocoaPodsPurl(pod, version)));
            }

            foreach (var dependency in dependencies.OfType<YamlScalarNode>())
            {
                edges.Add((pod, Root(NameOf(dependency.Value ?? string.Empty))));
            }
        }

        foreach (var (from, to) in edges)
        {
            if (from == to || !nodes.TryGetValue(to, out var target))
            {
                continue;
            }

            if (nodes.TryGetValue(from, out var source))
            {
                PackageGraph.Depend(source, target);
            }
            else
            {
                // What a local (:path) pod needs is pulled into the app as if the Podfile asked for it.
                PackageGraph.MarkDirect(target);
            }
        }

        foreach (var dependency in (root.Get("DEPENDENCIES") as YamlSequenceNode)?.Children.OfType<YamlScalarNode>() ?? [])
        {
            if (nodes.TryGetValue(Root(NameOf(dependency.Value ?? string.Empty)), out var node))
            {
                PackageGraph.MarkDirect(node);
            }
        }

        if (local.Count > 0)
        {
            log.Info($"{local.Count} pods from :path sources are local code and are not listed");
        }

        graph.PropagateScopes();
        return log.Result(graph);
    }

    private static string NameOf(string entry)
    {
        var space = entry.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? entry : entry[..space];
    }

    private static string Root(string pod)
    {
        var slash = pod.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? pod : pod[..slash];
    }
}
