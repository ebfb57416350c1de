using System.Text.Json;
using Bulwark.Analyzers.Dependencies.Extraction;

namespace Bulwark.Analyzers.Dependencies.Extractors.Swift;

/// <summary>
/// Swift Package Manager <c>Package.resolved</c>, version 1 (<c>object.pins</c> with <c>repositoryURL</c>) and
/// versions 2 and 3 (<c>pins</c> with <c>location</c>). The name is OSV's SwiftURL form, the repository URL without
/// scheme and <c>.git</c> (<c>github.com/apple/swift-nio</c>). A pin on a branch or revision only is listed without
/// a version; local packages are not listed. The file is flat: every pin is taken as direct.
/// </summary>
internal sealed class PackageResolved : IExtractor
{
    public string Name => "swift/packageresolved";

    public int Version => 1;

    public string Ecosystem => Ecosystems.SwiftUrl;

    public bool FileRequired(string path) => PathOps.FileName(path) == "Package.resolved";

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
            var pins = version switch
            {
                1 => root.Object("object")?.Items("pins"),
                2 or 3 => root.Items("pins"),
                _ => null,
            };
            if (pins is null)
            {
                return log.Failure($"unsupported Package.resolved version {(version < 0 ? "(missing)" : version)}; supported are 1, 2 and 3", field: "version");
            }

            var graph = new PackageGraph(Ecosystems.SwiftUrl, input.Path);
            foreach (var pin in pins)
            {
                var kind = pin.String("kind");
                if (kind is "localSourceControl" or "fileSystem")
                {
                    continue;
                }

                var location = pin.String("repositoryURL") ?? pin.String("location");
                if (location is null)
                {
                    log.Warn("pin has no location", field: $"pins[{pin.String("identity") ?? pin.String("package")}]");
                    continue;
                }

                var name = SwiftUrlName(location);
                var pinVersion = pin.Object("state")?.String("version");
                PackageGraph.MarkDirect(graph.Add(name, pinVersion, Ecosystems.SwiftPurl(name, pinVersion)));
            }

            return log.Result(graph);
        }
    }

    /// <summary>"https://github.com/apple/swift-nio.git" → "github.com/apple/swift-nio"; "git@github.com:a/b.git" → "github.com/a/b".</summary>
    internal static string SwiftUrlName(string location)
    {
        var name = location.Trim();
        var scheme = name.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            name = name[(scheme + 3)..];
        }
        else if (name.Contains('@', StringComparison.Ordinal) && name.Contains(':', StringComparison.Ordinal))
        {
            name = name[(name.IndexOf('@', StringComparison.Ordinal) + 1)..].Replace(':', '/');
        }

        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0 && at < name.IndexOf('/', StringComparison.Ordinal))
        {
            name = name[(at + 1)..];
        }

        name = name.TrimEnd('/');
        return name.EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? name[..^4] : name;
    }
}
