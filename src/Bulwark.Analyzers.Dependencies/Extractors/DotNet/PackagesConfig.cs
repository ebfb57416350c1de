using Bulwark.Analyzers.Dependencies.Extraction;

namespace Bulwark.Analyzers.Dependencies.Extractors.DotNet;

/// <summary>
/// Legacy NuGet <c>packages.config</c>: every installed package of a project, all listed as direct (the format
/// flattens the graph); <c>developmentDependency="true"</c> marks development-only ones.
/// </summary>
internal sealed class PackagesConfig : IExtractor
{
    public string Name => "dotnet/packagesconfig";

    public int Version => 1;

    public string Ecosystem => Ecosystems.NuGet;

    public bool FileRequired(string path) => PathOps.FileName(path).Equals("packages.config", StringComparison.OrdinalIgnoreCase);

    public ExtractionResult Extract(ExtractorInput input)
    {
        var log = new ExtractionLog(Name, input.Path);
        if (!Documents.TryParseXml(input.Text, log, out var document))
        {
            return log.Failure("the file was not extracted");
        }

        if (document.Root?.Name.LocalName != "packages")
        {
            return log.Failure("the root element is not <packages>", document.Root is null ? null : Documents.LineOf(document.Root));
        }

        var graph = new PackageGraph(Ecosystems.NuGet, input.Path);
        foreach (var package in document.Root.Elements().Where(e => e.Name.LocalName == "package"))
        {
            var id = package.Attribute("id")?.Value;
            var version = package.Attribute("version")?.Value;
            if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(version))
            {
                log.Warn("<package> without id or version", Documents.LineOf(package));
                continue;
            }

            var dev = string.Equals(package.Attribute("developmentDependency")?.Value, "true", StringComparison.OrdinalIgnoreCase);
            var node = graph.Add(id, version, Ecosystems.NuGetPurl(id, version));
            PackageGraph.MarkDirect(node, dev ? DependencyScope.Development : DependencyScope.Production);
            node.MarkOccurrence(dev, false);
        }

        return log.Result(graph);
    }
}
