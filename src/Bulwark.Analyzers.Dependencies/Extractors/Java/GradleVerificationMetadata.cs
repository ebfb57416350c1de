using Bulwark.Analyzers.Dependencies.Extraction;

namespace Bulwark.Analyzers.Dependencies.Extractors.Java;

/// <summary>
/// Gradle dependency verification <c>gradle/verification-metadata.xml</c>: every component Gradle downloaded and
/// verified (<c>&lt;component group name version&gt;</c>), plugins and build tooling included. The file has no
/// graph and no scopes: every component is taken as direct.
/// </summary>
internal sealed class GradleVerificationMetadata : IExtractor
{
    public string Name => "java/gradleverificationmetadata";

    public int Version => 1;

    public string Ecosystem => Ecosystems.Maven;

    public bool FileRequired(string path) => path == "gradle/verification-metadata.xml" || path.EndsWith("/gradle/verification-metadata.xml", StringComparison.Ordinal);

    public ExtractionResult Extract(ExtractorInput input)
    {
        var log = new ExtractionLog(Name, input.Path);
        if (!Documents.TryParseXml(input.Text, log, out var document))
        {
            return log.Failure("the file was not extracted");
        }

        var graph = new PackageGraph(Ecosystems.Maven, input.Path);
        foreach (var component in document.Descendants().Where(e => e.Name.LocalName == "component"))
        {
            var group = component.Attribute("group")?.Value;
            var name = component.Attribute("name")?.Value;
            var version = component.Attribute("version")?.Value;
            if (string.IsNullOrEmpty(group) || string.IsNullOrEmpty(name) || string.IsNullOrEmpty(version))
            {
                log.Warn("<component> without group, name or version", Documents.LineOf(component));
                continue;
            }

            PackageGraph.MarkDirect(graph.Add(Ecosystems.MavenName(group, name), version, Ecosystems.MavenPurl(group, name, version)));
        }

        return log.Result(graph);
    }
}
