using System.Text.Json;
using Bulwark.Core.Findings;
using Bulwark.Core.Inventory;

namespace Bulwark.Core.Reports.CycloneDx;

/// <summary>
/// Reads CycloneDX JSON (1.4 to 1.6, from any tool) into components and findings. Our own
/// <c>bulwark:</c> properties are honoured; for other BOMs the same facts come from the standard
/// fields: <c>scope</c> (excluded → development, optional → optional), the subject's <c>dependsOn</c>
/// (direct dependencies), <c>group</c> (joined to the name as the ecosystem writes it) and the purl type
/// (ecosystem).
/// </summary>
public static class CycloneDxReader
{
    internal const string Format = "CycloneDX";

    private const string DefaultAnalyzer = "cyclonedx";

    public static CycloneDxBom Read(Stream input)
    {
        using var document = ReportJson.Parse(input, Format);
        return Read(document);
    }

    public static async Task<CycloneDxBom> ReadAsync(Stream input, CancellationToken cancellationToken = default)
    {
        using var document = await ReportJson.ParseAsync(input, Format, cancellationToken);
        return Read(document);
    }

    private static CycloneDxBom Read(JsonDocument document)
    {
        var root = ReportElement.Root(document, Format).ExpectObject();
        var bom = ReadHeader(root);
        var graph = new CycloneDxGraph(SubjectReference(root));
        foreach (var dependency in root.Items("dependencies"))
        {
            graph.Add(dependency);
        }

        foreach (var component in root.Items("components").SelectMany(Flatten))
        {
            graph.AddManifest(component);
        }

        var listed = root.Items("components").SelectMany(c => ReadComponents(c, graph)).ToList();
        foreach (var (bomRef, component) in listed)
        {
            graph.Remember(bomRef, component);
        }

        var components = listed.Select(c => (c.BomRef, Component: graph.Resolve(c.Component, c.BomRef))).ToList();
        var byBomRef = new Dictionary<string, Component>(StringComparer.Ordinal);
        foreach (var (bomRef, component) in components)
        {
            if (bomRef is not null)
            {
                byBomRef.TryAdd(bomRef, component);
            }
        }

        return bom with
        {
            Components = components.Select(c => c.Component).ToEquatableArray(),
            Findings = root.Items("vulnerabilities").SelectMany(v => ReadVulnerability(v, byBomRef)).ToEquatableArray(),
        };
    }

    /// <summary>Everything but components and vulnerabilities.</summary>
    internal static CycloneDxBom ReadHeader(ReportElement root)
    {
        root.ExpectObject();
        var bomFormat = root.Required("bomFormat");
        if (bomFormat.AsString() != "CycloneDX")
        {
            throw bomFormat.Error($"must be 'CycloneDX', not '{bomFormat.AsString()}'");
        }

        var metadata = root.Optional("metadata");
        return new CycloneDxBom
        {
            SpecVersion = root.RequiredText("specVersion"),
            SerialNumber = root.OptionalText("serialNumber"),
            Timestamp = ReportJson.ParseTime(metadata?.Optional("timestamp")),
            Subject = metadata?.Optional("component")?.OptionalText("name"),
            Tools = ReadTools(metadata?.Optional("tools")).ToEquatableArray(),
        };
    }

    /// <summary>The <c>bom-ref</c> of what the BOM describes: its direct dependencies are the project's.</summary>
    internal static string? SubjectReference(ReportElement root) =>
        root.Optional("metadata")?.Optional("component")?.OptionalText("bom-ref");

    /// <summary>A <c>components[]</c> element and the components nested in it, each with its <c>bom-ref</c>.</summary>
    internal static IEnumerable<(string? BomRef, Component Component)> ReadComponents(ReportElement component, CycloneDxGraph graph)
    {
        var bomRef = component.OptionalText("bom-ref");
        if (!graph.IsManifestReference(bomRef))
        {
            yield return (bomRef, ReadComponent(component, graph));
        }

        foreach (var nested in component.Items("components"))
        {
            foreach (var inner in ReadComponents(nested, graph))
            {
                yield return inner;
            }
        }
    }

    /// <summary>A <c>components[]</c> element and the components nested in it.</summary>
    internal static IEnumerable<ReportElement> Flatten(ReportElement component) =>
        new[] { component }.Concat(component.Items("components").SelectMany(Flatten));

    private static Component ReadComponent(ReportElement c, CycloneDxGraph graph)
    {
        var properties = c.Items("properties")
            .Select(p => (Name: p.RequiredString("name"), Value: p.OptionalString("value") ?? string.Empty))
            .ToList();
        string? Property(string name) => properties.FirstOrDefault(p => p.Name == name).Value;
        bool Flag(string name) => Property(name) == "true";

        var purl = c.OptionalText("purl");
        var purlType = PurlType(purl);
        var name = c.RequiredText("name");
        if (c.OptionalText("group") is { } group)
        {
            name = purlType == "maven" ? $"{group}:{name}" : $"{group}/{name}";
        }

        var scope = c.OptionalString("scope");
        var bomRef = c.OptionalText("bom-ref");
        return new Component
        {
            Name = name,
            Version = c.OptionalText("version"),
            Ecosystem = Property("bulwark:ecosystem") ?? Ecosystem(purlType),
            Purl = purl,
            Licenses = c.Items("licenses").Select(ReadLicense).OfType<string>().ToEquatableArray(),
            IsDirect = Flag("bulwark:direct") || graph.IsDirect(bomRef),
            IsDevelopment = Flag("bulwark:development") || scope == "excluded",
            IsOptional = Flag("bulwark:optional") || scope == "optional",
            SourceFile = Property("bulwark:sourceFile") ?? Property("SrcFile") ?? Property("aquasecurity:trivy:FilePath")
                ?? Property("syft:location:0:path")?.TrimStart('/') ?? graph.SourceFileOf(bomRef),
            DependencyPaths = properties.Where(p => p.Name == "bulwark:dependencyPath")
                .Select(p => new DependencyPath(p.Value.Split(CycloneDxWriter.PathSeparator).ToEquatableArray()))
                .ToEquatableArray(),
        };
    }

    private static string? ReadLicense(ReportElement choice)
    {
        if (choice.OptionalText("expression") is { } expression)
        {
            return expression;
        }

        var license = choice.Required("license");
        return license.OptionalText("id") ?? license.OptionalText("name")
            ?? throw license.Error("has neither an id nor a name");
    }

    private static IEnumerable<ToolInfo> ReadTools(ReportElement? tools)
    {
        if (tools is null)
        {
            yield break;
        }

        // 1.5+ lists tools as components (and services); 1.4 as a flat array of {vendor, name, version}.
        var entries = tools.Kind == JsonValueKind.Array
            ? tools.Items()
            : tools.Items("components").Concat(tools.Items("services"));
        foreach (var tool in entries)
        {
            var url = tool.Items("externalReferences").Select(r => r.OptionalText("url")).FirstOrDefault(u => u is not null);
            yield return new ToolInfo(
                tool.RequiredText("name"),
                tool.OptionalText("version") ?? string.Empty,
                tool.OptionalText("vendor") ?? tool.OptionalText("publisher") ?? tool.Optional("supplier")?.OptionalText("name")
                    ?? tool.Optional("provider")?.OptionalText("name") ?? string.Empty,
                url);
        }
    }

    /// <summary>
    /// One <c>vulnerabilities[]</c> element: a finding per affected component and version. Versions a VEX
    /// statement marks <c>unaffected</c> give none; the vulnerability's <c>analysis</c> is kept as
    /// <c>vex.state</c>, <c>vex.justification</c>, <c>vex.response</c> and <c>vex.detail</c> properties.
    /// An affected <c>ref</c> that is no component of this BOM (a VEX document about another BOM) is read
    /// as the purl or BOM-Link it usually is.
    /// </summary>
    internal static IEnumerable<Finding> ReadVulnerability(ReportElement v, IReadOnlyDictionary<string, Component> components)
    {
        v.ExpectObject();
        var id = v.RequiredText("id");
        var identifiers = new List<Identifier> { ReadIdentifier(id, v.Optional("source")) };
        identifiers.AddRange(v.Items("references").Select(r => ReadIdentifier(r.RequiredText("id"), r.Optional("source"))));
        identifiers.AddRange(v.Items("cwes").Select(c => Identifier.Cwe(c.AsInt())));

        var ratings = v.Items("ratings").ToList();
        var analyzer = v.Items("properties").FirstOrDefault(p => p.OptionalString("name") == "bulwark:analyzer")?.OptionalText("value")
            ?? DefaultAnalyzer;

        var template = new Finding
        {
            ReportType = ReportType.DependencyScanning,
            Analyzer = analyzer,
            RuleId = id,
            Identifiers = identifiers.DistinctBy(i => (i.Type, i.Value)).ToEquatableArray(),
            Location = new DependencyLocation(string.Empty, new DependencyReference(string.Empty, string.Empty)),
            Name = v.OptionalText("description"),
            Description = v.OptionalText("detail"),
            Solution = v.OptionalText("recommendation"),
            Severity = SeverityOf(ratings),
            CvssVectors = ratings.Where(r => r.OptionalText("vector") is not null && (r.OptionalString("method")?.StartsWith("CVSS", StringComparison.Ordinal) ?? true))
                .Select(r => new CvssVector(r.Optional("source")?.OptionalText("name") ?? "unknown", Vector(r.RequiredText("vector"), r.OptionalString("method"))))
                .ToEquatableArray(),
            Links = v.Items("advisories").Select(a => new Link(a.RequiredText("url"), a.OptionalText("title"))).ToEquatableArray(),
            Properties = ReadAnalysis(v.Optional("analysis")),
        };

        var findings = new List<Finding>();
        foreach (var affected in v.Items("affects"))
        {
            var reference = BomLinkTarget(affected.RequiredText("ref"));
            var (name, listedVersion, sourceFile, direct) = components.TryGetValue(reference, out var component)
                ? (component.Name, component.Version, component.SourceFile, (bool?)component.IsDirect)
                : Purl.TryParse(reference, out var purl)
                    ? (PackageName(purl.Type, purl.Namespace, purl.Name), purl.Version, null, null)
                    : (reference, null, null, null);

            var statements = affected.Items("versions")
                .Select(x => (Version: x.OptionalText("version") ?? x.OptionalText("range"), Affected: x.OptionalString("status") != "unaffected"))
                .ToList();
            var affectedVersions = AffectedVersions(listedVersion, statements);

            findings.AddRange(affectedVersions.Select(version => template with
            {
                Location = new DependencyLocation(sourceFile ?? string.Empty, new DependencyReference(name, version, direct)),
            }));
        }

        return findings;
    }

    /// <summary>
    /// The versions a finding is made for: the installed one, unless the statement about it (or every
    /// statement) says unaffected; without an installed version, each version or range not said unaffected.
    /// </summary>
    private static List<string> AffectedVersions(string? installed, List<(string? Version, bool Affected)> statements)
    {
        if (statements.Count == 0)
        {
            return [installed ?? string.Empty];
        }

        if (installed is not null)
        {
            var about = statements.Where(s => s.Version == installed).ToList();
            var affected = about.Count > 0 ? about.Any(s => s.Affected) : statements.Any(s => s.Affected);
            return affected ? [installed] : [];
        }

        return statements.Where(s => s.Affected && s.Version is not null).Select(s => s.Version!).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The VEX property holding <c>analysis.state</c>: <c>not_affected</c>, <c>false_positive</c>, <c>exploitable</c>…</summary>
    public const string VexStateProperty = "vex.state";

    public const string VexJustificationProperty = "vex.justification";

    /// <summary><c>analysis.response</c>, comma-separated (<c>will_not_fix,update</c>).</summary>
    public const string VexResponseProperty = "vex.response";

    public const string VexDetailProperty = "vex.detail";

    private static EquatableArray<KeyValuePair<string, string>> ReadAnalysis(ReportElement? analysis)
    {
        if (analysis is null)
        {
            return default;
        }

        var properties = new List<KeyValuePair<string, string>>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                properties.Add(KeyValuePair.Create(key, value));
            }
        }

        Add(VexDetailProperty, analysis.OptionalText("detail"));
        Add(VexJustificationProperty, analysis.OptionalText("justification"));
        Add(VexResponseProperty, string.Join(',', analysis.Items("response").Select(r => r.AsString())));
        Add(VexStateProperty, analysis.OptionalText("state"));
        return properties.ToEquatableArray();
    }

    /// <summary>A BOM-Link (<c>urn:cdx:serial/version#bom-ref</c>) points at the component of that bom-ref.</summary>
    private static string BomLinkTarget(string reference)
    {
        if (!reference.StartsWith("urn:cdx:", StringComparison.Ordinal))
        {
            return reference;
        }

        var hash = reference.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? reference : Uri.UnescapeDataString(reference[(hash + 1)..]);
    }

    /// <summary>
    /// A purl's package as the ecosystem names it: <c>group:artifact</c> for Maven, the bare name for OS
    /// packages (their namespace is the distribution), <c>namespace/name</c> elsewhere (npm scopes, Go paths).
    /// </summary>
    internal static string PackageName(string type, string? @namespace, string name) => @namespace is null
        ? name
        : type switch
        {
            "maven" => $"{@namespace}:{name}",
            "deb" or "apk" or "rpm" or "alpm" or "qpkg" or "oci" or "docker" => name,
            _ => $"{@namespace}/{name}",
        };

    /// <summary>A severity given without method or vector is a verdict (ours is one); else the worst rating.</summary>
    private static Severity SeverityOf(List<ReportElement> ratings)
    {
        var verdict = ratings.FirstOrDefault(r => r.OptionalString("method") is null && r.OptionalString("vector") is null && r.OptionalString("severity") is not null);
        if (verdict is not null)
        {
            SeverityScale.TryParse(verdict.OptionalString("severity"), out var severity);
            return severity;
        }

        // A rating may give only a score; it then rates by the CVSS scale.
        return ratings.Select(r => SeverityScale.TryParse(r.OptionalString("severity"), out var s) && s != Severity.Unknown
                ? s
                : r.Optional("score") is { Kind: JsonValueKind.Number } score ? SeverityScale.FromCvssScore(score.AsDouble()) : Severity.Unknown)
            .DefaultIfEmpty(Severity.Unknown).Max();
    }

    /// <summary>Some tools drop the <c>CVSS:3.1/</c> prefix or wrap v2 vectors in parentheses; GitLab wants them whole.</summary>
    private static string Vector(string vector, string? method)
    {
        var bare = vector.Trim().Trim('(', ')');
        if (bare.StartsWith("CVSS:", StringComparison.Ordinal))
        {
            return bare;
        }

        return method switch
        {
            "CVSSv3" => $"CVSS:3.0/{bare}",
            "CVSSv31" => $"CVSS:3.1/{bare}",
            "CVSSv4" => $"CVSS:4.0/{bare}",
            _ => bare,
        };
    }

    private static Identifier ReadIdentifier(string id, ReportElement? source)
    {
        var sourceName = source?.OptionalText("name");
        var url = source?.OptionalText("url");
        var type = sourceName switch
        {
            "NVD" or "National Vulnerability Database" => "cve",
            "GitHub Advisories" or "GitHub" or "GHSA" => "ghsa",
            "OSV" => "osv",
            null => id.StartsWith("CVE-", StringComparison.Ordinal) ? "cve" : id.StartsWith("GHSA-", StringComparison.Ordinal) ? "ghsa" : "advisory",
            _ => sourceName,
        };
        if (type == "cve" && !id.StartsWith("CVE-", StringComparison.Ordinal))
        {
            type = id.StartsWith("GHSA-", StringComparison.Ordinal) ? "ghsa" : sourceName ?? "advisory";
        }

        return new Identifier(type, id, id, url);
    }

    internal static string? PurlType(string? purl)
    {
        if (purl is null || !purl.StartsWith("pkg:", StringComparison.Ordinal))
        {
            return null;
        }

        var slash = purl.IndexOf('/', StringComparison.Ordinal);
        return slash > 4 ? purl[4..slash].ToLowerInvariant() : null;
    }

    /// <summary>OSV ecosystem names for purl types.</summary>
    internal static string? Ecosystem(string? purlType) => purlType switch
    {
        "npm" => "npm",
        "pypi" => "PyPI",
        "maven" => "Maven",
        "nuget" => "NuGet",
        "golang" => "Go",
        "cargo" => "crates.io",
        "gem" => "RubyGems",
        "composer" => "Packagist",
        "pub" => "Pub",
        "hex" => "Hex",
        "swift" => "SwiftURL",
        _ => null,
    };
}
