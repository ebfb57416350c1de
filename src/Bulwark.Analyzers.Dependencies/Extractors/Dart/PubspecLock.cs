using Bulwark.Analyzers.Dependencies.Extraction;
using YamlDotNet.RepresentationModel;

namespace Bulwark.Analyzers.Dependencies.Extractors.Dart;

/// <summary>
/// Dart/Flutter <c>pubspec.lock</c>: each package with <c>dependency</c> ("direct main", "direct dev",
/// "direct overridden", "transitive"), <c>source</c> and <c>version</c>. <c>sdk</c> packages ship with the SDK and
/// <c>path</c> packages are the project's own code: neither is listed. The lockfile has no edges, so transitive
/// packages have no dependency path.
/// </summary>
internal sealed class PubspecLock : IExtractor
{
    public string Name => "dart/pubspeclock";

    public int Version => 1;

    public string Ecosystem => Ecosystems.Pub;

    public bool FileRequired(string path) => PathOps.FileName(path) == "pubspec.lock";

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

        if (local > 0)
        {
            log.Info($"{local} sdk/path packages (the SDK's and the project's own) are not listed");
        }

        return log.Result(graph);
    }
}
