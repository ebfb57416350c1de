using System.Text.Json;
using Bulwark.Analyzers.Dependencies.Extraction;

namespace Bulwark.Analyzers.Dependencies.Extractors.Sbom;

/// <summary>
/// An existing CycloneDX JSON SBOM (<c>bom.json</c>, <c>*.cdx.json</c>, <c>*.bom.json</c>) as inventory input: every
/// component with a purl of an OSV ecosystem (nested components included), with the <c>dependencies</c> graph; what
/// the described application (<c>metadata.component</c>) depends on is direct, <c>scope: optional</c> is optional.
/// Licences (SPDX id, name or expression) are carried over. Components without a purl cannot be matched to
/// advisories and are counted in a note.
/// </summary>
internal sealed class CycloneDxJson : IExtractor
{
    public string Name => "sbom/cyclonedxjson";

    public int Version => 1;

    public string Ecosystem => "(any)";

    public bool FileRequired(string path)
    {
        var name = PathOps.FileName(path).ToLowerInvariant();
        return name is "bom.json" or "cyclonedx.json" || name.EndsWith(".cdx.json", StringComparison.Ordinal) || name.EndsWith(".bom.json", StringComparison.Ordinal);
    }

    public ExtractionResult Extract(ExtractorInput input)
    {
        var log = new ExtractionLog(Name, input.Path);
        if (!Documents.TryParseJson(input.Text, log, out var document))
        {
            return log.Failure("the SBOM was not extracted");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.String("bomFormat") != "CycloneDX")
            {
                // bom.json is a common name for other things: only a CycloneDX document is ours to read.
                log.Info("not a CycloneDX document (no bomFormat \"CycloneDX\"); skipped", field: "bomFormat");
                return log.Result([]);
            }

            var sbom = new SbomGraph(input.Path);
            var optional = new List<string>();
            Collect(root.Items("components"));

            foreach (var id in optional)
            {
                sbom.Find(id)?.MarkOccurrence(false, true);
            }

            var application = root.Object("metadata")?.Object("component")?.String("bom-ref");
            foreach (var dependency in root.Items("dependencies"))
            {
                var reference = dependency.String("ref");
                if (reference is null)
                {
                    continue;
                }

                var from = sbom.Find(reference);
                foreach (var target in dependency.Strings("dependsOn"))
                {
                    if (sbom.Find(target) is not { } to)
                    {
                        continue;
                    }

                    if (from is not null)
                    {
                        PackageGraph.Depend(from, to);
                    }
                    else if (reference == application)
                    {
                        PackageGraph.MarkDirect(to, to.Optional == true ? DependencyScope.Optional : DependencyScope.Production);
                    }
                }
            }

            if (sbom.Unrecognised > 0)
            {
                log.Info($"{sbom.Unrecognised} components have no purl of a known ecosystem and are not listed");
            }

            return log.Result(sbom.ToComponents());

            void Collect(IEnumerable<JsonElement> components)
            {
                foreach (var component in components)
                {
                    var id = component.String("bom-ref") ?? component.String("purl") ?? component.String("name") ?? string.Empty;
                    sbom.Add(id, component.String("purl"), component.String("version"), Licenses(component));
                    if (component.String("scope") == "optional")
                    {
                        optional.Add(id);
                    }

                    Collect(component.Items("components"));
                }
            }
        }
    }

    private static IEnumerable<string> Licenses(JsonElement component) =>
        component.Items("licenses").Select(l => l.String("expression") ?? l.Object("license")?.String("id") ?? l.Object("license")?.String("name")).OfType<string>();
}
