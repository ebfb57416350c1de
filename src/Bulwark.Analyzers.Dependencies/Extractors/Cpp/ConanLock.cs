using System.Text.Json;
using Bulwark.Analyzers.Dependencies.Extraction;

namespace Bulwark.Analyzers.Dependencies.Extractors.Cpp;

/// <summary>
/// Conan lockfiles <c>conan.lock</c>: Conan 2 (version 0.5: <c>requires</c>, <c>build_requires</c> — development —
/// and <c>python_requires</c> lists of <c>name/version[@user/channel][#revision[%timestamp]]</c>; <c>overrides</c>
/// are already applied in those lists) and Conan 1 <c>graph_lock</c> (versions 0.1 to 0.4: nodes with
/// <c>ref</c>/<c>pref</c> and <c>requires</c>/<c>build_requires</c> edges; the root node is the consumer, whose
/// requirements are direct). Conan 2 lists are flat: all are taken as direct.
/// </summary>
internal sealed class ConanLock : IExtractor
{
    public string Name => "cpp/conanlock";

    public int Version => 1;

    public string Ecosystem => Ecosystems.ConanCenter;

    public bool FileRequired(string path) => PathOps.FileName(path) == "conan.lock";

    public bool CompanionRequired(string path) => PathOps.FileName(path) == "conanfile.txt";

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
            var version = root.String("version") ?? root.Object("graph_lock")?.String("version");
            var graph = new PackageGraph(Ecosystems.ConanCenter, input.Path);
            if (root.Object("graph_lock") is { } graphLock)
            {
                ReadGraphLock(graphLock, graph, log);
            }
            else if (version is "0.5" || root.Array("requires") is not null)
            {
                foreach (var (section, dev) in new[] { ("requires", false), ("build_requires", true), ("python_requires", true) })
                {
                    foreach (var reference in root.Strings(section))
                    {
                        if (Add(reference, graph) is { } node)
                        {
                            PackageGraph.MarkDirect(node, dev ? DependencyScope.Development : DependencyScope.Production);
                            node.MarkOccurrence(dev, false);
                        }
                        else
                        {
                            log.Warn($"not a name/version reference: '{reference}'", field: section);
                        }
                    }
                }
            }
            else
            {
                return log.Failure($"unsupported conan.lock (version {version ?? "(missing)"}); supported are Conan 2 (0.5) and Conan 1 graph_lock", field: "version");
            }

            MarkDirectFromConanfile(input, graph);
            graph.PropagateScopes();
            return log.Result(graph);
        }
    }

    private static void ReadGraphLock(JsonElement graphLock, PackageGraph graph, ExtractionLog log)
    {
        var nodes = new Dictionary<string, PackageNode>(StringComparer.Ordinal);
        var consumers = new List<string>();
        foreach (var node in graphLock.Members("nodes"))
        {
            var reference = node.Value.String("ref") ?? node.Value.String("pref");
            if (reference is null || reference.StartsWith("conanfile", StringComparison.Ordinal) || node.Name == "0" && node.Value.String("path") is not null)
            {
                consumers.Add(node.Name);
                continue;
            }

            if (Add(reference, graph) is { } package)
            {
                nodes[node.Name] = package;
            }
            else
            {
                log.Warn($"not a name/version reference: '{reference}'", field: $"graph_lock.nodes[\"{node.Name}\"]");
            }
        }

        foreach (var node in graphLock.Members("nodes"))
        {
            foreach (var (key, dev) in new[] { ("requires", false), ("build_requires", true) })
            {
                foreach (var target in Ids(node.Value, key))
                {
                    if (!nodes.TryGetValue(target, out var to))
                    {
                        continue;
                    }

                    if (nodes.TryGetValue(node.Name, out var from))
                    {
                        PackageGraph.Depend(from, to);
                    }
                    else if (consumers.Contains(node.Name))
                    {
                        PackageGraph.MarkDirect(to, dev ? DependencyScope.Development : DependencyScope.Production);
                    }
                }
            }
        }
    }

    /// <summary>Node ids a node requires: a list of ids (0.2+) or a map of reference to id (0.1).</summary>
    private static IEnumerable<string> Ids(JsonElement node, string key)
    {
        if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(key, out var value))
        {
            return [];
        }

        return value.ValueKind switch
        {
            JsonValueKind.Array => value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!),
            JsonValueKind.Object => value.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).Select(p => p.Value.GetString()!),
            _ => [],
        };
    }

    /// <summary>"name/version@user/channel#rrev%ts:pkgid#prev" → a component.</summary>
    private static PackageNode? Add(string reference, PackageGraph graph)
    {
        var r = reference;
        foreach (var separator in new[] { ':', '#', '%' })
        {
            var i = r.IndexOf(separator, StringComparison.Ordinal);
            if (i >= 0)
            {
                r = r[..i];
            }
        }

        string? user = null, channel = null;
        var at = r.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var uc = r[(at + 1)..].Split('/');
            user = uc[0];
            channel = uc.Length > 1 ? uc[1] : null;
            r = r[..at];
        }

        var slash = r.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == r.Length - 1)
        {
            return null;
        }

        var name = r[..slash];
        var version = r[(slash + 1)..];
        return graph.Add(name, version, Ecosystems.ConanPurl(name, version, user, channel));
    }

    /// <summary>conanfile.txt's [requires] and [tool_requires]/[build_requires] name the direct references.</summary>
    private static void MarkDirectFromConanfile(ExtractorInput input, PackageGraph graph)
    {
        if (input.Tree.Read(PathOps.Combine(input.Directory, "conanfile.txt")) is not { } text)
        {
            return;
        }

        string? section = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                section = line[1..^1];
                continue;
            }

            if (line.Length == 0 || line.StartsWith('#') || section is not ("requires" or "tool_requires" or "build_requires"))
            {
                continue;
            }

            var name = line.Split('/')[0].Trim();
            foreach (var node in graph.Nodes.Where(n => string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                PackageGraph.MarkDirect(node, section == "requires" ? DependencyScope.Production : DependencyScope.Development);
            }
        }
    }
}
