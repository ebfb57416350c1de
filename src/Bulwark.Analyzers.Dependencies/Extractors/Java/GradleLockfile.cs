using Bulwark.Analyzers.Dependencies.Extraction;

namespace Bulwark.Analyzers.Dependencies.Extractors.Java;

/// <summary>
/// Gradle dependency locking: <c>gradle.lockfile</c>, <c>buildscript-gradle.lockfile</c> and
/// <c>settings-gradle.lockfile</c> (and Gradle 6's per-configuration <c>gradle/dependency-locks/*.lockfile</c>).
/// Each line is <c>group:artifact:version=configuration,…</c>. A package locked only in test configurations is a
/// development dependency; the buildscript and settings locks hold build tooling, also development. The lockfile
/// flattens the graph, so every package is taken as direct.
/// </summary>
internal sealed class GradleLockfile : IExtractor
{
    public string Name => "java/gradlelockfile";

    public int Version => 1;

    public string Ecosystem => Ecosystems.Maven;

    public bool FileRequired(string path)
    {
        var name = PathOps.FileName(path);
        return name is "gradle.lockfile" or "buildscript-gradle.lockfile" or "settings-gradle.lockfile"
            || (name.EndsWith(".lockfile", StringComparison.Ordinal) && path.Contains("gradle/dependency-locks/", StringComparison.Ordinal));
    }

    public ExtractionResult Extract(ExtractorInput input)
    {
        var log = new ExtractionLog(Name, input.Path);
        var graph = new PackageGraph(Ecosystems.Maven, input.Path);
        var buildTooling = input.FileName is "buildscript-gradle.lockfile" or "settings-gradle.lockfile";
        var lineNumber = 0;
        foreach (var raw in input.Text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("empty=", StringComparison.Ordinal))
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var coordinates = (equals < 0 ? line : line[..equals]).Split(':');
            if (coordinates.Length < 3 || coordinates.Any(c => c.Length == 0))
            {
                log.Warn($"not group:artifact:version: '{line}'", lineNumber);
                continue;
            }

            var configurations = equals < 0 ? [] : line[(equals + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var dev = buildTooling || (configurations.Length > 0 && configurations.All(c => c.StartsWith("test", StringComparison.OrdinalIgnoreCase)));
            var (group, artifact, version) = (coordinates[0], coordinates[1], coordinates[2]);
            var node = graph.Add(Ecosystems.MavenName(group, artifact), version, Ecosystems.MavenPurl(group, artifact, version));
            node.MarkOccurrence(dev, false);
            PackageGraph.MarkDirect(node, dev ? DependencyScope.Development : DependencyScope.Production);
        }

        return log.Result(graph);
    }
}
