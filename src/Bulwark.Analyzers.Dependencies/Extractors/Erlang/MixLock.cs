using System.Text.RegularExpressions;
using Bulwark.Analyzers.Dependencies.Extraction;

namespace Bulwark.Analyzers.Dependencies.Extractors.Erlang;

/// <summary>
/// Elixir <c>mix.lock</c>: a map of <c>"app": {:hex, :package, "version", hash, managers, deps, repo, hash}</c> and
/// <c>{:git, url, revision, opts}</c> entries. Hex entries are components with their dependency edges (the
/// <c>optional: true</c> ones optional); git entries are listed without a version. mix.exs (code) is not read, so
/// the packages nothing else depends on are taken as direct.
/// </summary>
internal sealed partial class MixLock : IExtractor
{
    public string Name => "erlang/mixlock";

    public int Version => 1;

    public string Ecosystem => Ecosystems.Hex;

    public bool FileRequired(string path) => PathOps.FileName(path) == "mix.lock";

    public ExtractionResult Extract(ExtractorInput input)
    {
        var log = new ExtractionLog(Name, input.Path);
        var graph = new PackageGraph(Ecosystems.Hex, input.Path);
        var byKey = new Dictionary<string, PackageNode>(StringComparer.Ordinal);
        var edges = new List<(PackageNode From, string To, bool Optional)>();
        var lineNumber = 0;
        foreach (var raw in input.Text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line is "%{" or "}")
            {
                continue;
            }

            var entry = Entry().Match(line);
            if (!entry.Success)
            {
                log.Warn("not a mix.lock entry (\"app\": {:hex | :git, …})", lineNumber);
                continue;
            }

            var key = entry.Groups["key"].Value;
            var body = entry.Groups["body"].Value;
            switch (entry.Groups["kind"].Value)
            {
                case "hex":
                    var hex = Hex().Match(body);
                    if (!hex.Success)
                    {
                        log.Warn($"hex entry for {key} has no package and version", lineNumber);
                        continue;
                    }

                    var name = hex.Groups["name"].Value;
                    var version = hex.Groups["version"].Value;
                    var node = graph.Add(name, version, Ecosystems.HexPurl(name, version));
                    byKey[key] = node;
                    foreach (Match dep in Dependency().Matches(body))
                    {
                        edges.Add((node, dep.Groups["name"].Value, dep.Groups["optional"].Value == "true"));
                    }

                    break;
                case "git":
                    byKey[key] = graph.Add(key, null, Ecosystems.HexPurl(key, null));
                    break;
                default:
                    log.Info($"{key} comes from :{entry.Groups["kind"].Value}; not listed", lineNumber);
                    break;
            }
        }

        foreach (var (from, to, optional) in edges)
        {
            if (byKey.TryGetValue(to, out var target))
            {
                PackageGraph.Depend(from, target, optional);
            }
        }

        graph.PropagateScopes();
        return log.Result(graph);
    }

    [GeneratedRegex(@"^""(?<key>[^""]+)"":\s*\{:(?<kind>\w+),\s*(?<body>.*)\},?$")]
    private static partial Regex Entry();

    [GeneratedRegex(@"^:(?<name>[\w.-]+),\s*""(?<version>[^""]+)""")]
    private static partial Regex Hex();

    [GeneratedRegex(@"\{:(?<name>[\w.-]+),\s*""[^""]*"",\s*\[[^\]]*?optional:\s*(?<optional>true|false)[^\]]*\]\}")]
    private static partial Regex Dependency();
}
