using Bulwark.Analyzers.Dependencies.Extraction;
using YamlDotNet.RepresentationModel;

namespace Bulwark.Analyzers.Dependencies.Extractors.Dart;

/// <summary>
/// Dart/Flutter <c>pubspec.lock</c>: each package with <c>dependency</c> ("direct main", "direct dev",
/// "direct overridden", "transitive"), <c>source</c> and <c>version</c>. <c>sdk</c> packages ship with the SDK and
/// <c>path</c> packages are the project's own code: neither is listed. In a pub workspace the root lockfile marks
/// everything transitive; the members' <c>pubspec.yaml</c> files below it then say what is direct (and dev). The
/// lockfile has no edges, so transitive packages have no dependency path.
/// </summary>
internal sealed class PubspecLock : IExtractor
{
    public string Name => "dart/pubspeclock";

    public int Version => 1;

    public string Ecosystem => Ecosystems.Pub;

    public bool NeedsTree => true;

    public bool FileRequired(string path) => PathOps.FileName(path) == "pubspec.lock";

    public bool CompanionRequired(string path) => PathOps.FileName(path) == "pubspec.yaml";

    public ExtractionResult Extract(ExtractorInput input)
    {
        var log = new ExtractionLog(Name, input.Path);
        if (!Documents.TryParseYaml(input.Text, log, out var root))
        {
            return log.Failure("the lockfile was not extracted");
        }

        if (root.Map("packages") is not { } packages)
        {
            return root.Get("packages") is null && root.Children.Count <= 1
                ? log.Result(new PackageGraph(Ecosystems.Pub, input.Path))
                : log.Failure("no packages mapping; not a pubspec.lock", field: "packages");
        }

        var graph = new PackageGraph(Ecosystems.Pub, input.Path);
        var local = 0;
        foreach (var (name, value) in packages.Entries())
        {
            if (value is not YamlMappingNode package)
            {
                log.Warn("package entry is not a mapping", Documents.LineOf(value), $"packages.{name}");
                continue;
            }

            var source = package.Scalar("source");
            if (source is "sdk" or "path")
            {
                local++;
                continue;
            }

            var version = package.Scalar("version");
            if (version is null)
            {
                log.Warn("package has no version", Documents.LineOf(value), $"packages.{name}");
            }

            var node = graph.Add(name, version, Ecosystems.PubPurl(name, version));
            var dependency = package.Scalar("dependency") ?? "transitive";
            if (dependency.StartsWith("direct", StringComparison.Ordinal))
            {
                var dev = dependency == "direct dev";
                PackageGraph.MarkDirect(node, dev ? DependencyScope.Development : DependencyScope.Production);
                node.MarkOccurrence(dev, false);
            }
        }

        MarkDirectFromManifests(input, graph);
        if (local > 0)
        {
            log.Info($"{local} sdk/path packages (the SDK's and the project's own) are not listed");
        }

        return log.Result(graph);
    }

    /// <summary>
    /// The dependencies and dev_dependencies of the pubspec.yaml files at and below the lockfile (workspace
    /// members), except those of folders with a pubspec.lock of their own.
    /// </summary>
    private static void MarkDirectFromManifests(ExtractorInput input, PackageGraph graph)
    {
        var prefix = input.Directory.Length == 0 ? string.Empty : input.Directory + "/";
        var byName = graph.Nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        foreach (var path in input.Tree.Paths.Where(p => PathOps.FileName(p) == "pubspec.yaml" && p.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var dir = PathOps.DirectoryOf(path);
            if (dir != input.Directory && input.Tree.Contains(PathOps.Combine(dir, "pubspec.lock")))
            {
                continue;
            }

            if (!Documents.TryParseYaml(input.Tree.Read(path)!, new ExtractionLog("dart/pubspeclock", path), out var manifest))
            {
                continue;
            }

            foreach (var (key, scope) in new[] { ("dependencies", DependencyScope.Production), ("dev_dependencies", DependencyScope.Development) })
            {
                foreach (var (name, _) in manifest.Map(key).Entries())
                {
                    if (byName.TryGetValue(name, out var node))
                    {
                        PackageGraph.MarkDirect(node, scope);
                        node.MarkOccurrence(scope == DependencyScope.Development, false);
                    }
                }
            }
        }
    }
}
