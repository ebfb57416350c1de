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
    private const string Format = "CycloneDX";

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
        var bomFormat = root.Required("bomFormat");
        if (bomFormat.AsString() != "CycloneDX")
        {
            throw bomFormat.Error($"must be 'CycloneDX', not '{bomFormat.AsString()}'");
        }

        var specVersion = root.RequiredText("specVersion");
        var metadata = root.Optional("metadata");
        var subject = metadata?.Optional("component");
        var subjectReference = subject?.OptionalText("bom-ref");

        var graph = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var dependency in root.Items("dependencies"))
        {
            var reference = dependency.RequiredText("ref");
            graph[reference] = dependency.Items("dependsOn").Select(d => d.AsString()).ToList();
        }

        var direct = subjectReference is not null && graph.TryGetValue(subjectReference, out var subjectDependsOn)
            ? subjectDependsOn.ToHashSet(StringComparer.Ordinal)
            : [];

        var listed = Flatten(root.Items("components")).Select(c => (Element: c, BomRef: c.OptionalText("bom-ref"), Component: ReadComponent(c, direct))).ToList();
        var references = listed.Where(c => c.BomRef is not null)
            .GroupBy(c => c.BomRef!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Component, StringComparer.Ordinal);
        var components = listed.Select(c => c.BomRef is { } bomRef && graph.TryGetValue(bomRef, out var dependsOn)
                ? c.Component with
                {
                    DependsOn = dependsOn.Where(references.ContainsKey).Select(d => references[d].Reference).ToEquatableArray(),
                }
                : c.Component)
            .ToList();
        var byBomRef = listed.Zip(components)
            .Where(p => p.First.BomRef is not null)
            .GroupBy(p => p.First.BomRef!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Second, StringComparer.Ordinal);

        return new CycloneDxBom
        {
            SpecVersion = specVersion,
            SerialNumber = root.OptionalText("serialNumber"),
            Timestamp = ReportJson.ParseTime(metadata?.Optional("timestamp")),
            Subject = subject?.OptionalText("name"),
            Tools = ReadTools(metadata?.Optional("tools")).ToEquatableArray(),
            Components = components.ToEquatableArray(),
            Findings = root.Items("vulnerabilities").SelectMany(v => ReadVulnerability(v, byBomRef)).ToEquatableArray(),
        };
    }

    private static IEnumerable<ReportElement> Flatten(IEnumerable<ReportElement> components)
    {
        foreach (var component in components)
        {
            yield return component;
            foreach (var nested in Flatten(component.Items("components")))
            {
                yield return nested;
            }
        }
    }

    private static Component ReadComponent(ReportElement c, HashSet<string> direct)
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
            IsDirect = Flag("bulwark:direct") || (bomRef is not null && direct.Contains(bomRef)),
            IsDevelopment = Flag("bulwark:development") || scope == "excluded",
            IsOptional = Flag("bulwark:optional") || scope == "optional",
            SourceFile = Property("bulwark:sourceFile"),
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

    private static IEnumerable<Finding> ReadVulnerability(ReportElement v, Dictionary<string, Component> components)
    {
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
        };

        foreach (var affected in v.Items("affects"))
        {
            var reference = affected.RequiredText("ref");
            components.TryGetValue(reference, out var component);
            var versions = affected.Items("versions").Select(x => x.OptionalText("version") ?? x.OptionalText("range")).OfType<string>().ToList();
            if (versions.Count == 0)
            {
                versions.Add(component?.Version ?? string.Empty);
            }

            foreach (var version in versions)
            {
                yield return template with
                {
                    Location = new DependencyLocation(
                        component?.SourceFile ?? string.Empty,
                        new DependencyReference(component?.Name ?? reference, version, component?.IsDirect)),
                };
            }
        }
    }

    /// <summary>A severity given without method or vector is a verdict (ours is one); else the worst rating.</summary>
    private static Severity SeverityOf(List<ReportElement> ratings)
    {
        var verdict = ratings.FirstOrDefault(r => r.OptionalString("method") is null && r.OptionalString("vector") is null && r.OptionalString("severity") is not null);
        if (verdict is not null)
        {
            SeverityScale.TryParse(verdict.OptionalString("severity"), out var severity);
            return severity;
        }

        return ratings.Select(r => SeverityScale.TryParse(r.OptionalString("severity"), out var s) ? s : Severity.Unknown)
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

    private static string? PurlType(string? purl)
    {
        if (purl is null || !purl.StartsWith("pkg:", StringComparison.Ordinal))
        {
            return null;
        }

        var slash = purl.IndexOf('/', StringComparison.Ordinal);
        return slash > 4 ? purl[4..slash].ToLowerInvariant() : null;
    }

    /// <summary>OSV ecosystem names for purl types.</summary>
    private static string? Ecosystem(string? purlType) => purlType switch
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
