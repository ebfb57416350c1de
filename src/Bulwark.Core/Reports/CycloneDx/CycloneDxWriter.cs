using System.Text.Json;
using Bulwark.Core.Cvss;
using Bulwark.Core.Findings;
using Bulwark.Core.Identity;
using Bulwark.Core.Inventory;
using Bulwark.Core.Licenses;

namespace Bulwark.Core.Reports.CycloneDx;

/// <summary>
/// Writes the software bill of materials as CycloneDX 1.6 JSON: the components (one per reference),
/// their dependency graph, and the vulnerabilities found in them (dependency, container and cluster-image
/// findings, one entry per advisory with every affected component).
/// </summary>
/// <remarks>
/// <para>Licences: an SPDX id from CycloneDX's list → <c>license.id</c>; any other valid SPDX expression (an
/// operator, <c>+</c>, <c>WITH</c>, a <c>LicenseRef-</c>, an id newer than CycloneDX's list) → <c>expression</c>
/// (CycloneDX allows an expression only alone, so several licences that are all SPDX become one <c>AND</c>
/// expression); when some licence is not SPDX ("BSD License", <c>SEE LICENSE IN …</c>), each is written on its own,
/// as <c>license.id</c> or <c>license.name</c>.</para>
/// <para>What CycloneDX has no field for is kept in <c>bulwark:</c> properties: <c>direct</c>,
/// <c>development</c>, <c>optional</c> (also as <c>scope</c>), <c>ecosystem</c>, <c>sourceFile</c>
/// (one per lockfile the component was found in) and <c>dependencyPath</c> (steps joined by " → ").</para>
/// <para>A vulnerable package that is not in the inventory (an OS package of an image) is added as a
/// component so the vulnerability's <c>affects</c> can point at it.</para>
/// </remarks>
public static class CycloneDxWriter
{
    public const string SpecVersion = "1.6";

    /// <summary>The bom-ref of the scanned project (<c>metadata.component</c>), the root of the graph.</summary>
    public const string SubjectReference = "bulwark:subject";

    internal const string PathSeparator = " → ";

    /// <summary>Names the UUIDv5 serial numbers of our BOMs; any fixed value would do.</summary>
    private static readonly Guid SerialNumberNamespace = new("c4a5d1f2-6b0e-4f7a-9d3c-2e8b7a1f5c60");

    public static void Write(ScanResult scan, Stream output)
    {
        var bom = Compose(scan);
        ReportJson.Write(output, bom.WriteTo);
    }

    public static Task WriteAsync(ScanResult scan, Stream output, CancellationToken cancellationToken = default)
    {
        var bom = Compose(scan);
        return ReportJson.WriteAsync(output, bom.WriteTo, cancellationToken);
    }

    /// <summary>Stable for one scan (tool, target, start time), different for every other.</summary>
    public static string SerialNumber(ScanResult scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var name = $"{scan.Tool.Name}|{scan.Tool.Version}|{scan.Target}|{scan.StartedAt.UtcDateTime:O}";
        return $"urn:uuid:{Uuid5.Create(SerialNumberNamespace, name)}";
    }

    internal static string SeverityName(Severity severity) => severity.ToString().ToLowerInvariant();

    internal static string? RatingMethod(CvssVersion version) => version switch
    {
        CvssVersion.V2 => "CVSSv2",
        CvssVersion.V30 => "CVSSv3",
        CvssVersion.V31 => "CVSSv31",
        CvssVersion.V40 => "CVSSv4",
        _ => null,
    };

    /// <summary>Advisory databases by the names CycloneDX tools use for them.</summary>
    internal static string SourceName(string identifierType) => identifierType switch
    {
        "cve" => "NVD",
        "ghsa" => "GitHub Advisories",
        "osv" => "OSV",
        _ => identifierType,
    };

    private static Bom Compose(ScanResult scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        return new Bom(scan);
    }

    /// <summary>A component as listed once, merged over every lockfile it was found in.</summary>
    private sealed record BomComponent(Component Component, List<string> SourceFiles);

    private sealed class Bom
    {
        private readonly ScanResult _scan;
        private readonly SortedDictionary<string, BomComponent> _components = new(StringComparer.Ordinal);
        private readonly List<(Identifier Advisory, List<Finding> Findings)> _vulnerabilities = [];
        private ILookup<(string Name, string Version), Component>? _byPackage;

        public Bom(ScanResult scan)
        {
            _scan = scan;
            foreach (var group in scan.Components.GroupBy(c => c.Reference, StringComparer.Ordinal))
            {
                var all = group.ToList();
                var merged = all[0] with
                {
                    IsDirect = all.Any(c => c.IsDirect),
                    IsDevelopment = all.All(c => c.IsDevelopment),
                    IsOptional = all.All(c => c.IsOptional),
                    Licenses = all.SelectMany(c => c.Licenses).Distinct(StringComparer.Ordinal).ToEquatableArray(),
                    DependsOn = all.SelectMany(c => c.DependsOn).Distinct(StringComparer.Ordinal).ToEquatableArray(),
                    DependencyPaths = all.SelectMany(c => c.DependencyPaths).Distinct().ToEquatableArray(),
                };
                var files = all.Select(c => c.SourceFile).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
                _components[group.Key] = new BomComponent(merged, files);
            }

            foreach (var group in scan.Findings
                .Where(f => f.Location is DependencyLocation or ContainerLocation or ClusterImageLocation)
                .Order(FindingOrder.Instance)
                .GroupBy(f => (f.PrimaryIdentifier.Type, f.PrimaryIdentifier.Value))
                .OrderBy(g => g.Key.Value, StringComparer.Ordinal).ThenBy(g => g.Key.Type, StringComparer.Ordinal))
            {
                var findings = group.ToList();
                foreach (var finding in findings)
                {
                    EnsureComponent(finding.Location);
                }

                _vulnerabilities.Add((findings[0].PrimaryIdentifier, findings));
            }
        }

        public void WriteTo(Utf8JsonWriter w)
        {
            w.WriteStartObject();
            w.WriteString("$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json");
            w.WriteString("bomFormat", "CycloneDX");
            w.WriteString("specVersion", SpecVersion);
            w.WriteString("serialNumber", SerialNumber(_scan));
            w.WriteNumber("version", 1);
            WriteMetadata(w);

            w.WriteStartArray("components");
            foreach (var component in _components.Values)
            {
                WriteComponent(w, component);
            }

            w.WriteEndArray();

            WriteDependencies(w);

            if (_vulnerabilities.Count > 0)
            {
                w.WriteStartArray("vulnerabilities");
                foreach (var (advisory, findings) in _vulnerabilities)
                {
                    WriteVulnerability(w, advisory, findings);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        private void WriteMetadata(Utf8JsonWriter w)
        {
            var tool = _scan.Tool;
            w.WriteStartObject("metadata");
            w.WriteString("timestamp", ReportJson.UtcTime(_scan.FinishedAt));
            w.WriteStartObject("tools");
            w.WriteStartArray("components");
            w.WriteStartObject();
            w.WriteString("type", "application");
            w.WriteIfNotEmpty("publisher", tool.Vendor);
            w.WriteString("name", tool.Name);
            w.WriteIfNotEmpty("version", tool.Version);
            if (IsAbsoluteUri(tool.Url))
            {
                w.WriteStartArray("externalReferences");
                w.WriteStartObject();
                w.WriteString("url", tool.Url);
                w.WriteString("type", "website");
                w.WriteEndObject();
                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();

            w.WriteStartObject("component");
            w.WriteString("type", "application");
            w.WriteString("bom-ref", SubjectReference);
            w.WriteString("name", SubjectName(_scan.Target));
            w.WriteEndObject();
            w.WriteEndObject();
        }

        private static void WriteComponent(Utf8JsonWriter w, BomComponent entry)
        {
            var c = entry.Component;
            w.WriteStartObject();
            w.WriteString("type", "library");
            w.WriteString("bom-ref", c.Reference);
            w.WriteString("name", c.Name);
            w.WriteIfNotEmpty("version", c.Version);
            if (c.IsDevelopment)
            {
                w.WriteString("scope", "excluded");
            }
            else if (c.IsOptional)
            {
                w.WriteString("scope", "optional");
            }

            WriteLicenses(w, c.Licenses);
            w.WriteIfNotEmpty("purl", c.Purl);

            var properties = new List<(string Name, string Value)>();
            properties.AddRange(c.DependencyPaths.Select(p => ("bulwark:dependencyPath", string.Join(PathSeparator, p.Steps))));
            if (c.IsDevelopment)
            {
                properties.Add(("bulwark:development", "true"));
            }

            if (c.IsDirect)
            {
                properties.Add(("bulwark:direct", "true"));
            }

            if (c.Ecosystem is { Length: > 0 } ecosystem)
            {
                properties.Add(("bulwark:ecosystem", ecosystem));
            }

            if (c.IsOptional)
            {
                properties.Add(("bulwark:optional", "true"));
            }

            properties.AddRange(entry.SourceFiles.Select(f => ("bulwark:sourceFile", f)));
            WriteProperties(w, properties);
            w.WriteEndObject();
        }

        private static void WriteLicenses(Utf8JsonWriter w, EquatableArray<string> licenses)
        {
            var declared = licenses.Select(l => l.Trim()).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal)
                .Select(l => (Text: l, Expression: LicenseExpression.TryParse(l, out var parsed) ? parsed : null))
                .ToList();
            if (declared.Count == 0)
            {
                return;
            }

            w.WriteStartArray("licenses");
            if (declared.All(d => d.Expression is not null) && !declared.All(d => ListedId(d.Expression) is not null))
            {
                // CycloneDX allows an expression only alone: several licences that all apply become one AND expression.
                var expression = declared.Count == 1
                    ? declared[0].Expression!.ToString()
                    : string.Join(" AND ", declared.Select(d => d.Expression is LicenseTerm ? d.Expression.ToString() : $"({d.Expression})"));
                w.WriteStartObject();
                w.WriteString("expression", expression);
                w.WriteString("acknowledgement", "declared");
                w.WriteEndObject();
            }
            else
            {
                foreach (var (text, expression) in declared)
                {
                    w.WriteStartObject();
                    w.WriteStartObject("license");
                    if (ListedId(expression) is { } id)
                    {
                        w.WriteString("id", id);
                    }
                    else
                    {
                        w.WriteString("name", text);
                    }

                    w.WriteString("acknowledgement", "declared");
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
            }

            w.WriteEndArray();
        }

        /// <summary>The id of a single licence CycloneDX's schema lists (its SPDX list may be older than ours), else null.</summary>
        private static string? ListedId(LicenseExpression? expression) =>
            expression is SpdxLicenseId { OrLater: false } id && SpdxLicenseList.IsLicenseId(id.Id) ? id.Id : null;

        private void WriteDependencies(Utf8JsonWriter w)
        {
            w.WriteStartArray("dependencies");
            w.WriteStartObject();
            w.WriteString("ref", SubjectReference);
            w.WriteStartArray("dependsOn");
            foreach (var component in _components.Values.Where(c => c.Component.IsDirect))
            {
                w.WriteStringValue(component.Component.Reference);
            }

            w.WriteEndArray();
            w.WriteEndObject();

            foreach (var (reference, entry) in _components)
            {
                w.WriteStartObject();
                w.WriteString("ref", reference);
                var dependsOn = entry.Component.DependsOn.Where(_components.ContainsKey).ToList();
                if (dependsOn.Count > 0)
                {
                    w.WriteStartArray("dependsOn");
                    foreach (var dependency in dependsOn)
                    {
                        w.WriteStringValue(dependency);
                    }

                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        private void WriteVulnerability(Utf8JsonWriter w, Identifier advisory, List<Finding> findings)
        {
            var first = findings[0];
            w.WriteStartObject();
            w.WriteString("id", advisory.Value);
            WriteSource(w, advisory);

            var references = findings.SelectMany(f => f.Identifiers.Skip(1))
                .Where(i => i.Type != "cwe" && !(i.Type == advisory.Type && i.Value == advisory.Value))
                .DistinctBy(i => (i.Type, i.Value)).ToList();
            if (references.Count > 0)
            {
                w.WriteStartArray("references");
                foreach (var reference in references)
                {
                    w.WriteStartObject();
                    w.WriteString("id", reference.Value);
                    WriteSource(w, reference);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteStartArray("ratings");
            // Our own verdict first: the reader takes the severity from it.
            w.WriteStartObject();
            w.WriteStartObject("source");
            w.WriteString("name", _scan.Tool.Name);
            w.WriteEndObject();
            w.WriteString("severity", SeverityName(findings.Max(f => f.Severity)));
            w.WriteEndObject();
            foreach (var vector in findings.SelectMany(f => f.CvssVectors).Distinct())
            {
                w.WriteStartObject();
                w.WriteStartObject("source");
                w.WriteString("name", vector.Vendor.Length > 0 ? vector.Vendor : "unknown");
                w.WriteEndObject();
                if (vector.Score is { } score)
                {
                    w.WriteNumber("score", score.Score);
                    w.WriteString("severity", SeverityName(score.Rating));
                }

                w.WriteString("method", RatingMethod(vector.Version) ?? "other");
                w.WriteString("vector", vector.Vector);
                w.WriteEndObject();
            }

            w.WriteEndArray();

            var cwes = findings.SelectMany(f => f.Identifiers).Where(i => i.Type == "cwe")
                .Select(i => int.TryParse(i.Value, out var id) ? id : 0).Where(id => id > 0).Distinct().ToList();
            if (cwes.Count > 0)
            {
                w.WriteStartArray("cwes");
                foreach (var cwe in cwes)
                {
                    w.WriteNumberValue(cwe);
                }

                w.WriteEndArray();
            }

            w.WriteIfNotEmpty("description", first.Name);
            w.WriteIfNotEmpty("detail", first.Description);
            w.WriteIfNotEmpty("recommendation", first.Solution);

            var links = findings.SelectMany(f => f.Links).Where(l => IsAbsoluteUri(l.Url)).DistinctBy(l => l.Url).ToList();
            if (links.Count > 0)
            {
                w.WriteStartArray("advisories");
                foreach (var link in links)
                {
                    w.WriteStartObject();
                    w.WriteIfNotEmpty("title", link.Name);
                    w.WriteString("url", link.Url);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteStartArray("affects");
            foreach (var affected in findings.Select(f => (Reference: ComponentReference(f.Location), Version: Dependency(f.Location).Version))
                .GroupBy(a => a.Reference, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("ref", affected.Key);
                var versions = affected.Select(a => a.Version).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();
                if (versions.Count > 0)
                {
                    w.WriteStartArray("versions");
                    foreach (var version in versions)
                    {
                        w.WriteStartObject();
                        w.WriteString("version", version);
                        w.WriteString("status", "affected");
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            WriteProperties(w, findings.Select(f => f.Analyzer).Distinct(StringComparer.Ordinal).Select(a => ("bulwark:analyzer", a)).ToList());
            w.WriteEndObject();
        }

        private static void WriteSource(Utf8JsonWriter w, Identifier identifier)
        {
            w.WriteStartObject("source");
            w.WriteString("name", SourceName(identifier.Type));
            w.WriteIfNotEmpty("url", identifier.Url);
            w.WriteEndObject();
        }

        private static void WriteProperties(Utf8JsonWriter w, List<(string Name, string Value)> properties)
        {
            if (properties.Count == 0)
            {
                return;
            }

            w.WriteStartArray("properties");
            foreach (var (name, value) in properties)
            {
                w.WriteStartObject();
                w.WriteString("name", name);
                w.WriteString("value", value);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        private void EnsureComponent(Location location)
        {
            var reference = ComponentReference(location);
            if (!_components.ContainsKey(reference))
            {
                var dependency = Dependency(location);
                var sourceFile = location switch
                {
                    DependencyLocation d => d.File,
                    ContainerLocation c => c.Image,
                    ClusterImageLocation k => k.Image,
                    _ => null,
                };
                var component = new Component { Name = dependency.Package, Version = dependency.Version, IsDirect = dependency.Direct == true };
                _components[reference] = new BomComponent(component with { SourceFile = sourceFile },
                    sourceFile is null ? [] : [sourceFile]);
            }
        }

        /// <summary>The listed component the finding is about: same name and version, the finding's own lockfile first.</summary>
        private string ComponentReference(Location location)
        {
            var dependency = Dependency(location);
            var file = (location as DependencyLocation)?.File;
            // Indexed once: a monorepo has tens of thousands of components and findings ask for them one by one.
            _byPackage ??= _scan.Components.ToLookup(c => (c.Name, c.Version ?? string.Empty));
            var candidates = _byPackage[(dependency.Package, dependency.Version)];
            var match = candidates.FirstOrDefault(c => c.SourceFile == file) ?? candidates.FirstOrDefault();
            return match?.Reference ?? new Component { Name = dependency.Package, Version = dependency.Version }.Reference;
        }

        private static DependencyReference Dependency(Location location) => location switch
        {
            DependencyLocation d => d.Dependency,
            ContainerLocation c => c.Dependency,
            ClusterImageLocation k => k.Dependency,
            _ => throw new ArgumentOutOfRangeException(nameof(location), location.GetType().Name, "not a package location"),
        };

        /// <summary>The scanned directory's own name; the target as given when that is only "." or "..".</summary>
        private static string SubjectName(string target)
        {
            var trimmed = target.TrimEnd('/', '\\');
            var name = trimmed[(trimmed.LastIndexOfAny(['/', '\\']) + 1)..];
            return name is "" or "." or ".." ? (target.Length > 0 ? target : ".") : name;
        }
    }

    private static bool IsAbsoluteUri(string? uri) =>
        uri is not null && Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https" or "ftp";
}
