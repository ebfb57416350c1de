using Bulwark.Analyzers.Dependencies.Extraction;

namespace Bulwark.Analyzers.Dependencies.Extractors.Sbom;

/// <summary>
/// An existing SPDX 2.x JSON SBOM (<c>*.spdx.json</c>) as inventory input: packages with a <c>purl</c> external
/// reference of an OSV ecosystem, with <c>DEPENDS_ON</c> / <c>DEPENDENCY_OF</c> relationships as edges. What the
/// document <c>DESCRIBES</c> is the application: its dependencies are direct. The concluded (else declared) licence
/// is carried over.
/// </summary>
internal sealed class SpdxJson : IExtractor
{
    public string Name => "sbom/spdxjson";

    public int Version => 1;

    public string Ecosystem => "(any)";

    public bool FileRequired(string path) => PathOps.FileName(path).EndsWith(".spdx.json", StringComparison.OrdinalIgnoreCase);

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
            if (root.String("spdxVersion") is not { } version || !version.StartsWith("SPDX-2.", StringComparison.Ordinal))
            {
                return log.Failure($"unsupported spdxVersion {root.String("spdxVersion") ?? "(missing)"}; supported is SPDX-2.x", field: "spdxVersion");
            }

            var sbom = new SbomGraph(input.Path);
            foreach (var package in root.Items("packages"))
            {
                var purl = package.Items("externalRefs").Where(r => r.String("referenceType") == "purl").Select(r => r.String("referenceLocator")).FirstOrDefault();
                sbom.Add(package.String("SPDXID") ?? string.Empty, purl, package.String("versionInfo"), [package.String("licenseConcluded") ?? package.String("licenseDeclared") ?? string.Empty]);
            }

            var described = new HashSet<string>(root.Strings("documentDescribes"), StringComparer.Ordinal);
            var relationships = root.Items("relationships").Select(r => (From: r.String("spdxElementId"), Type: r.String("relationshipType"), To: r.String("relatedSpdxElement"))).ToList();
            foreach (var (from, type, to) in relationships)
            {
                if (type == "DESCRIBES" && to is not null)
                {
                    described.Add(to);
                }
            }

            foreach (var (a, type, b) in relationships)
            {
                var (from, to) = type switch
                {
                    "DEPENDS_ON" => (a, b),
                    "DEPENDENCY_OF" => (b, a),
                    _ => (null, null),
                };
                if (from is null || to is null || sbom.Find(to) is not { } target)
                {
                    continue;
                }

                if (sbom.Find(from) is { } source && !described.Contains(from))
                {
                    PackageGraph.Depend(source, target);
                }
                else if (described.Contains(from))
                {
                    PackageGraph.MarkDirect(target);
                }
            }

            if (sbom.Unrecognised > 0)
            {
                log.Info($"{sbom.Unrecognised} packages have no purl of a known ecosystem and are not listed");
            }

            return log.Result(sbom.ToComponents());
        }
    }
}
