using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bulwark.Core.Findings;
using Bulwark.Core.Inventory;
using Bulwark.Core.Reports.CycloneDx;

namespace Bulwark.Core.Reports.Trivy;

/// <summary>What a Trivy report says about the scanned artifact, which every finding of it needs.</summary>
internal sealed record TrivyArtifact(ToolInfo Tool, string Name, string? Type, string OperatingSystem, string SchemaVersion, DateTimeOffset? CreatedAt)
{
    /// <summary>Trivy scanned a container image: all its packages are container-scanning findings, as GitLab reports them.</summary>
    public bool IsImage => Type is "container_image" or "docker_image";
}

/// <summary>One <c>Results[]</c> entry: a scanned target (a lockfile, the image's OS, a Dockerfile…).</summary>
internal sealed record TrivyResult(int Index, string Target, string? Class, string? Type);

/// <summary>
/// Reads Trivy's JSON report (<c>trivy image|fs|repo --format json</c>, SchemaVersion 2): vulnerabilities
/// become container-scanning findings for OS packages and for anything in a container image, else
/// dependency-scanning findings on the lockfile; failed misconfiguration checks become SAST (IaC) findings;
/// secrets become secret-detection findings (Trivy masks them itself; Bulwark keeps only the masked match).
/// </summary>
internal static partial class TrivyReportReader
{
    internal const string Format = "Trivy";

    public const string Analyzer = "trivy";

    /// <summary>GitLab's SARIF naming of Trivy's own ids, so Trivy JSON and Trivy SARIF agree.</summary>
    private const string RuleIdentifierType = "trivy_id";

    public static TrivyArtifact ReadArtifact(ReportElement root)
    {
        if (root.Kind == JsonValueKind.Array)
        {
            return ReadLegacyArtifact(root);
        }

        root.ExpectObject();
        var schema = root.Required("SchemaVersion");
        var version = schema.AsScalarText();
        if (version != "2")
        {
            throw schema.Error($"is {version}; only Trivy's SchemaVersion 2 (Trivy 0.20 and later) is read");
        }

        var os = root.Optional("Metadata")?.Optional("OS");
        var operatingSystem = string.Join(' ', new[] { os?.OptionalText("Family"), os?.OptionalText("Name") }.OfType<string>());
        var tool = new ToolInfo("Trivy", root.Optional("Trivy")?.OptionalText("Version") ?? string.Empty, "Aqua Security", "https://trivy.dev");
        return new TrivyArtifact(
            tool,
            root.OptionalText("ArtifactName") ?? string.Empty,
            root.OptionalText("ArtifactType"),
            operatingSystem,
            version,
            ReportJson.ParseTime(root.Optional("CreatedAt")));
    }

    public static IEnumerable<TrivyResult> ReadResults(ReportElement root) =>
        root.Kind == JsonValueKind.Array
            ? root.Items().Select((r, index) => new TrivyResult(
                index,
                r.ExpectObject().OptionalString("Target") ?? string.Empty,
                LegacyClass(r.OptionalText("Type")),
                r.OptionalText("Type")))
            : root.Items("Results").Select((r, index) => new TrivyResult(
                index,
                r.ExpectObject().OptionalString("Target") ?? string.Empty,
                r.OptionalText("Class"),
                r.OptionalText("Type")));

    /// <summary>
    /// Trivy before 0.20 wrote its results as a top-level array, without SchemaVersion, artifact or class: the image
    /// and its operating system are in the target of the OS packages' result (<c>shop:1.4 (alpine 3.7.1)</c>), whose
    /// type is the OS family.
    /// </summary>
    private static TrivyArtifact ReadLegacyArtifact(ReportElement root)
    {
        var os = root.Items().Select(r => r.ExpectObject()).FirstOrDefault(r => LegacyClass(r.OptionalText("Type")) == "os-pkgs");
        var target = os?.OptionalString("Target") ?? string.Empty;
        var open = target.LastIndexOf(" (", StringComparison.Ordinal);
        var (image, operatingSystem) = open > 0 && target.EndsWith(')')
            ? (target[..open], target[(open + 2)..^1])
            : (target, os?.OptionalText("Type") ?? string.Empty);
        return new TrivyArtifact(
            new ToolInfo("Trivy", string.Empty, "Aqua Security", "https://trivy.dev"),
            image,
            os is null ? null : "container_image",
            operatingSystem,
            "1",
            null);
    }

    /// <summary>The OS families Trivy's result types name; any other type is a language's packages.</summary>
    private static string? LegacyClass(string? type) => type switch
    {
        null => null,
        "alpine" or "debian" or "ubuntu" or "redhat" or "centos" or "rocky" or "alma" or "amazon" or "oracle" or "photon"
            or "suse linux enterprise server" or "opensuse.leap" or "opensuse.tumbleweed" or "cbl-mariner" or "wolfi" or "chainguard"
            or "fedora" or "distroless" => "os-pkgs",
        _ => "lang-pkgs",
    };

    /// <summary>The report type of a result's vulnerabilities and packages.</summary>
    public static ReportType PackageReportType(TrivyArtifact artifact, TrivyResult result) =>
        result.Class == "os-pkgs" || artifact.IsImage ? ReportType.ContainerScanning : ReportType.DependencyScanning;

    /// <summary>One <c>Vulnerabilities[]</c> element (a <c>DetectedVulnerability</c>).</summary>
    public static Finding ReadVulnerability(ReportElement v, TrivyArtifact artifact, TrivyResult result)
    {
        v.ExpectObject();
        var id = v.RequiredText("VulnerabilityID");
        var package = v.RequiredText("PkgName");
        var installed = v.OptionalString("InstalledVersion") ?? string.Empty;
        var fixedVersion = v.OptionalText("FixedVersion");
        var primaryUrl = v.OptionalText("PrimaryURL");
        var references = v.Items("References").Select(r => r.AsString()).ToList();

        var identifiers = new List<Identifier> { AdvisoryIdentifier(id, primaryUrl) };
        identifiers.AddRange(v.Items("VendorIDs").Select(x => AdvisoryIdentifier(x.AsString(), null)));
        identifiers.AddRange(references.Select(r => GhsaUrl().Match(r)).Where(m => m.Success).Select(m => Identifier.Ghsa(m.Groups["id"].Value)));
        identifiers.AddRange(v.Items("CweIDs").Select(c => CweNumber().Match(c.AsString())).Where(m => m.Success)
            .Select(m => Identifier.Cwe(int.Parse(m.Groups["id"].Value, CultureInfo.InvariantCulture))));

        var type = PackageReportType(artifact, result);
        var dependency = new DependencyReference(package, installed);
        Location location = type == ReportType.ContainerScanning
            ? new ContainerLocation(artifact.Name, artifact.OperatingSystem, dependency)
            : new DependencyLocation(v.OptionalText("PkgPath") ?? result.Target, dependency);

        var status = v.OptionalText("Status");
        var properties = Properties(
            ("fixed-version", fixedVersion),
            ("package-status", status),
            ("purl", v.Optional("PkgIdentifier")?.OptionalText("PURL")),
            ("package-path", v.OptionalText("PkgPath")),
            ("layer", v.Optional("Layer")?.OptionalText("DiffID")),
            ("target", result.Target),
            // Trivy marks what a VEX statement or its own data says does not affect the package.
            (CycloneDxReader.VexStateProperty, status == "not_affected" ? "not_affected" : null));

        SeverityScale.TryParse(v.OptionalString("Severity"), out var severity);
        return new Finding
        {
            ReportType = type,
            Analyzer = Analyzer,
            RuleId = id,
            Identifiers = identifiers.DistinctBy(i => (i.Type, i.Value)).ToEquatableArray(),
            Location = location,
            Name = v.OptionalText("Title") ?? $"{id} in {package}",
            Description = v.OptionalText("Description"),
            Solution = fixedVersion is null ? null : $"Upgrade {package} from {installed} to {fixedVersion}.",
            Severity = severity,
            CvssVectors = ReadCvss(v.Optional("CVSS")).ToEquatableArray(),
            Links = new[] { primaryUrl }.Concat(references).OfType<string>().Distinct(StringComparer.Ordinal).Select(u => new Link(u)).ToEquatableArray(),
            Properties = properties,
        };
    }

    /// <summary>One <c>Misconfigurations[]</c> element; checks that passed (or were excepted) are not findings.</summary>
    public static IEnumerable<Finding> ReadMisconfiguration(ReportElement m, TrivyResult result)
    {
        m.ExpectObject();
        if (m.OptionalText("Status") is { } status && status != "FAIL")
        {
            return [];
        }

        // Some checks carry "N/A" as ID (seen on AWS checks); their AVD id is then the only stable one.
        var id = m.OptionalText("ID") is { } checkId && checkId != "N/A" ? checkId : m.RequiredText("AVDID");
        var title = m.OptionalText("Title") ?? id;
        var primaryUrl = m.OptionalText("PrimaryURL");
        var identifiers = new List<Identifier> { new(RuleIdentifierType, title, id, primaryUrl) };
        if (m.OptionalText("AVDID") is { } avd && avd != id)
        {
            identifiers.Add(new Identifier("avd_id", avd, avd, primaryUrl));
        }

        var cause = m.Optional("CauseMetadata");
        var startLine = Line(cause?.OptionalInt("StartLine"));
        var lines = cause?.Optional("Code")?.Items("Lines").Where(l => l.OptionalBool("IsCause") == true)
            .Select(l => l.OptionalString("Content") ?? string.Empty).ToList() ?? [];
        SeverityScale.TryParse(m.OptionalString("Severity"), out var severity);
        return
        [
            new Finding
            {
                ReportType = ReportType.Sast,
                Analyzer = Analyzer,
                RuleId = id,
                Identifiers = identifiers.ToEquatableArray(),
                Location = new SourceLocation(result.Target, startLine, Line(cause?.OptionalInt("EndLine")) ?? startLine),
                Name = title,
                Description = string.Join("\n\n", new[] { m.OptionalText("Message"), m.OptionalText("Description")?.Trim() }.Where(t => !string.IsNullOrEmpty(t))),
                Solution = m.OptionalText("Resolution"),
                Severity = severity,
                Links = new[] { primaryUrl }.Concat(m.Items("References").Select(r => r.AsString())).OfType<string>()
                    .Distinct(StringComparer.Ordinal).Select(u => new Link(u)).ToEquatableArray(),
                RawSourceCodeExtract = lines.Count > 0 ? string.Join('\n', lines) : null,
                Properties = Properties(
                    ("resource", cause?.OptionalText("Resource")),
                    ("provider", cause?.OptionalText("Provider")),
                    ("service", cause?.OptionalText("Service")),
                    ("check-type", m.OptionalText("Type"))),
            },
        ];
    }

    /// <summary>
    /// One <c>Secrets[]</c> element. Trivy masks the secret with asterisks in <c>Match</c> and the code lines;
    /// the masked match is kept, the code lines are not.
    /// </summary>
    public static Finding ReadSecret(ReportElement s, TrivyResult result)
    {
        s.ExpectObject();
        var ruleId = s.RequiredText("RuleID");
        var title = s.OptionalText("Title") ?? ruleId;
        var startLine = s.OptionalInt("StartLine") ?? 0;
        SeverityScale.TryParse(s.OptionalString("Severity"), out var severity);
        return new Finding
        {
            ReportType = ReportType.SecretDetection,
            Analyzer = Analyzer,
            RuleId = ruleId,
            Identifiers = EquatableArray.Of(new Identifier(RuleIdentifierType, title, ruleId)),
            Location = new SecretLocation(result.Target, Commit.WorkingTree, startLine, s.OptionalInt("EndLine") ?? startLine),
            Name = title,
            Description = result.Target.Length > 0 ? $"{title} in {result.Target}." : null,
            Solution = "Revoke and rotate this secret, then remove it from the code (and from the history if it was committed).",
            Severity = severity,
            Properties = Properties(
                (FindingRedaction.MatchProperty, s.OptionalString("Match")),
                ("category", s.OptionalText("Category")),
                ("layer", s.Optional("Layer")?.OptionalText("DiffID"))),
        };
    }

    /// <summary>One <c>Packages[]</c> element (listed with <c>--list-all-pkgs</c>), its id, and the ids it depends on.</summary>
    public static (string? Id, Component Component, List<string> DependsOn) ReadPackage(ReportElement p, TrivyResult result)
    {
        p.ExpectObject();
        var name = p.RequiredText("Name");
        var version = p.OptionalText("Version");
        if (version is not null && p.OptionalText("Release") is { } release)
        {
            version = $"{version}-{release}";
        }

        if (version is not null && p.OptionalInt("Epoch") is > 0 and var epoch)
        {
            version = $"{epoch.ToString(CultureInfo.InvariantCulture)}:{version}";
        }

        var purl = p.Optional("Identifier")?.OptionalText("PURL");
        var relationship = p.OptionalText("Relationship");
        var component = new Component
        {
            Name = name,
            Version = version,
            Ecosystem = CycloneDxReader.Ecosystem(CycloneDxReader.PurlType(purl)),
            Purl = purl,
            Licenses = p.Items("Licenses").Select(l => l.AsString()).ToEquatableArray(),
            IsDirect = relationship == "direct" || (relationship is null && p.OptionalBool("Indirect") == false),
            IsDevelopment = p.OptionalBool("Dev") ?? false,
            SourceFile = p.OptionalText("FilePath") ?? (result.Class == "lang-pkgs" ? result.Target : null),
        };
        return (p.OptionalText("ID"), component, p.Items("DependsOn").Select(d => d.AsString()).ToList());
    }

    /// <summary>Vectors by vendor as Trivy lists them (<c>CVSS.nvd.V3Vector</c>…), v3 first as GitLab wants its primary one.</summary>
    private static IEnumerable<CvssVector> ReadCvss(ReportElement? cvss)
    {
        var vendors = cvss?.Members().ToList() ?? [];
        foreach (var key in new[] { "V3Vector", "V40Vector", "V2Vector" })
        {
            foreach (var (vendor, scores) in vendors)
            {
                if (scores.OptionalText(key) is { } vector)
                {
                    yield return new CvssVector(vendor, vector);
                }
            }
        }
    }

    /// <summary>CVE and GHSA ids as such; other advisories (DSA, RUSTSEC, GO…) typed by their prefix.</summary>
    private static Identifier AdvisoryIdentifier(string id, string? url)
    {
        if (id.StartsWith("CVE-", StringComparison.OrdinalIgnoreCase))
        {
            return Identifier.Cve(id);
        }

        if (id.StartsWith("GHSA-", StringComparison.OrdinalIgnoreCase))
        {
            return Identifier.Ghsa(id);
        }

        var dash = id.IndexOf('-', StringComparison.Ordinal);
        var type = dash > 0 ? id[..dash].ToLowerInvariant() : "advisory";
        return new Identifier(type, id, id, url);
    }

    private static int? Line(int? line) => line is > 0 ? line : null;

    private static EquatableArray<KeyValuePair<string, string>> Properties(params (string Key, string? Value)[] pairs) =>
        pairs.Where(p => !string.IsNullOrEmpty(p.Value))
            .Select(p => KeyValuePair.Create(p.Key, p.Value!))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ToEquatableArray();

    [GeneratedRegex(@"github\.com/advisories/(?<id>GHSA(-[23456789cfghjmpqrvwx]{4}){3})", RegexOptions.IgnoreCase)]
    private static partial Regex GhsaUrl();

    [GeneratedRegex(@"^CWE-(?<id>\d+)$", RegexOptions.IgnoreCase)]
    private static partial Regex CweNumber();
}
