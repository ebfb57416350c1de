using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bulwark.Core.Findings;

namespace Bulwark.Core.Reports.Sarif;

/// <summary>
/// Reads SARIF 2.1.0 from any tool (CodeQL, Semgrep, Bandit, Trivy, ours) into findings.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Report type: a rule or result tag naming a GitLab report type (<c>secret_detection</c>…), or
/// <c>secret</c>/<c>secrets</c>; otherwise SAST. Types without a file location (DAST, fuzzing,
/// cluster images) are read as SAST.</item>
/// <item>Severity: <c>security-severity</c> of the result, then of the rule (CVSS-like score), then the
/// result's or rule's <c>level</c>: error → High, warning → Medium, note → Low, none → Info.</item>
/// <item>Identifiers: the rule id (type <c>&lt;tool&gt;_id</c>), then CWEs from tags
/// (<c>external/cwe/cwe-89</c>, <c>CWE-89: …</c>), <c>properties.cwe</c> and CWE taxonomy relationships.</item>
/// <item>Results of kind <c>pass</c> or <c>notApplicable</c> are not findings and are skipped.</item>
/// </list>
/// </remarks>
public static partial class SarifReportReader
{
    internal const string Format = "SARIF";

    /// <summary>Prefix of the properties that keep a result's fingerprints.</summary>
    public const string FingerprintPrefix = "fingerprint.";

    /// <summary>The kind of an accepted suppression of the result (<c>inSource</c>, <c>external</c>).</summary>
    public const string SuppressionProperty = "suppression";

    public const string SuppressionJustificationProperty = "suppression-justification";

    public static SarifReport Read(Stream input)
    {
        using var document = ReportJson.Parse(input, Format);
        return Read(document);
    }

    public static async Task<SarifReport> ReadAsync(Stream input, CancellationToken cancellationToken = default)
    {
        using var document = await ReportJson.ParseAsync(input, Format, cancellationToken);
        return Read(document);
    }

    private static SarifReport Read(JsonDocument document)
    {
        var root = ReportElement.Root(document, Format).ExpectObject();
        CheckVersion(root);
        return new SarifReport(root.Required("runs").Items().Select(run =>
        {
            var (header, context) = ReadRunHeader(run);
            return header with { Findings = run.Items("results").SelectMany(context.ReadFindings).ToEquatableArray() };
        }).ToEquatableArray());
    }

    internal static void CheckVersion(ReportElement root)
    {
        root.ExpectObject();
        var version = root.Required("version");
        if (version.AsString() != "2.1.0")
        {
            throw version.Error($"must be 2.1.0, not '{version.AsString()}' (only SARIF 2.1.0 is read)");
        }

        root.Required("runs");
    }

    /// <summary>A run without its results, and what its results are read with (rules, artifacts, base URIs).</summary>
    internal static (SarifRun Run, RunContext Context) ReadRunHeader(ReportElement run)
    {
        run.ExpectObject();
        var driver = run.Required("tool").Required("driver");
        var name = driver.RequiredText("name");
        var product = driver.OptionalText("product");
        var analyzer = product is not null && name.Length > product.Length + 1 && name.StartsWith(product + " ", StringComparison.Ordinal)
            ? name[(product.Length + 1)..]
            : name;
        var tool = new ToolInfo(
            product ?? name,
            driver.OptionalText("semanticVersion") ?? driver.OptionalText("version") ?? string.Empty,
            driver.OptionalText("organization") ?? string.Empty,
            driver.OptionalText("informationUri"));

        var context = new RunContext(
            run,
            analyzer,
            IdentifierType(name, product, analyzer),
            product == OwnProduct,
            IsSecretScanner(name) || (product is not null && IsSecretScanner(product)),
            driver.Items("rules").ToList(),
            run.Items("extensions").Concat(run.Required("tool").Items("extensions")).Select(e => e.Items("rules").ToList()).ToList());

        var invocations = run.Items("invocations").ToList();
        var warnings = invocations
            .SelectMany(i => i.Items("toolExecutionNotifications").Concat(i.Items("toolConfigurationNotifications")))
            .Select(context.ReadNotification)
            .ToEquatableArray();

        var header = new SarifRun(
            tool,
            analyzer,
            default,
            warnings,
            invocations.All(i => i.Required("executionSuccessful").AsBool()),
            invocations.Select(i => ReportJson.ParseTime(i.Optional("startTimeUtc"))).FirstOrDefault(t => t is not null),
            invocations.Select(i => ReportJson.ParseTime(i.Optional("endTimeUtc"))).LastOrDefault(t => t is not null));
        return (header, context);
    }

    /// <summary>
    /// Results of kind <c>pass</c>/<c>notApplicable</c> are not findings, nor are results a baseline
    /// comparison says are gone (<c>baselineState: absent</c>).
    /// </summary>
    private static bool IsFinding(ReportElement result) =>
        result.ExpectObject().OptionalString("kind") is not ("pass" or "notApplicable")
        && result.OptionalString("baselineState") != "absent";

    /// <summary>
    /// <c>Semgrep OSS</c> → <c>semgrep_oss_id</c>, as GitLab names tool-specific identifiers. Our own SARIF gets the
    /// identifier type our GitLab reports use (<c>bulwark_secrets</c>), so the SARIF and the GitLab report of one scan
    /// track to the same vulnerabilities.
    /// </summary>
    private static string IdentifierType(string toolName, string? product, string analyzer) =>
        product == OwnProduct && analyzer != toolName
            ? Identifier.Rule(NonAlphanumeric().Replace(analyzer.ToLowerInvariant(), "_").Trim('_'), string.Empty).Type
            : NonAlphanumeric().Replace(toolName.ToLowerInvariant(), "_").Trim('_') + "_id";

    private const string OwnProduct = "Bulwark";

    /// <summary>
    /// Tools that only detect secrets: SARIF has no report type, and these tag neither their rules nor their results
    /// (secretlint, detect-secrets, TruffleHog), so their name is what says their results are secrets.
    /// </summary>
    private static readonly string[] SecretScanners =
        ["gitleaks", "secretlint", "trufflehog", "detect-secrets", "ggshield", "noseyparker", "nosey parker", "kingfisher", "talisman", "betterleaks"];

    private static bool IsSecretScanner(string toolName) =>
        SecretScanners.Contains(toolName.Trim().ToLowerInvariant(), StringComparer.Ordinal);

    internal sealed class RunContext(
        ReportElement run,
        string analyzer,
        string identifierType,
        bool ownProduct,
        bool secretScanner,
        List<ReportElement> rules,
        List<List<ReportElement>> extensionRules)
    {
        private readonly Dictionary<string, string> _baseUris = ReadBaseUris(run);
        private readonly List<ReportElement> _artifacts = run.Items("artifacts").ToList();

        public ScanWarning ReadNotification(ReportElement notification)
        {
            var text = MessageText(notification.Required("message"), null);
            var path = notification.Items("locations").Select(l => l.Optional("physicalLocation")).FirstOrDefault(p => p is not null) is { } physical
                ? ArtifactPath(physical.Required("artifactLocation"))
                : null;
            var level = notification.OptionalString("level") switch
            {
                "error" => WarningLevel.Error,
                "note" or "none" => WarningLevel.Info,
                _ => WarningLevel.Warning,
            };
            return new ScanWarning(text, path, analyzer, level);
        }

        /// <summary>The finding a result is, or none for a result that is not a finding.</summary>
        public IEnumerable<Finding> ReadFindings(ReportElement result) => IsFinding(result) ? [ReadResult(result)] : [];

        public Finding ReadResult(ReportElement result)
        {
            var rule = ResolveRule(result);
            var message = MessageText(result.Required("message"), rule);

            // A result need not name a rule (gitleaks 7 names none): its message is then what it is known by.
            var ruleId = result.OptionalText("ruleId") ?? result.Optional("rule")?.OptionalText("id") ?? rule?.OptionalText("id")
                ?? RuleIdOf(message);
            var ruleProperties = rule?.Optional("properties");
            var resultProperties = result.Optional("properties");
            var tags = Tags(ruleProperties).Concat(Tags(resultProperties)).ToList();
            var type = ReportTypeOf(tags, secretScanner);

            var identifiers = new List<Identifier>
            {
                new(identifierType, rule?.OptionalText("name") ?? ruleId, ruleId, rule?.OptionalText("helpUri")),
            };
            if (!ownProduct)
            {
                identifiers.AddRange(AdvisoryIds(ruleId));
            }

            identifiers.AddRange(Cwes(tags, ruleProperties, rule).Concat(PropertyCwes(resultProperties)).Distinct().Select(Identifier.Cwe));

            var title = PlainText(rule?.Optional("shortDescription")?.OptionalText("text")) ?? rule?.OptionalText("name") ?? FirstLine(message);
            var help = rule?.Optional("help")?.OptionalText("text");
            var location = result.Items("locations").FirstOrDefault();

            return new Finding
            {
                ReportType = type,
                Analyzer = analyzer,
                RuleId = ruleId,
                Identifiers = identifiers.ToEquatableArray(),
                Location = ReadLocation(location, type, resultProperties, result.Optional("partialFingerprints")),
                Name = title,
                Description = message == title ? PlainText(rule?.Optional("fullDescription")?.OptionalText("text")) : message,
                Solution = help is not null && help != message && help != title ? help : null,
                Severity = SeverityOf(result, rule, resultProperties, ruleProperties),
                Links = rule?.OptionalText("helpUri") is { } helpUri ? EquatableArray.Of(new Link(helpUri)) : default,
                RawSourceCodeExtract = location?.Optional("physicalLocation")?.Optional("region")?.Optional("snippet")?.OptionalText("text"),
                CodeFlows = result.Items("codeFlows").SelectMany(ReadCodeFlows).ToEquatableArray(),
                Properties = ResultProperties(result),
                Tracking = ownProduct ? OwnTracking(result, location) : null,
            };
        }

        /// <summary>The tracking signature our own SARIF carries (see <see cref="SarifReportWriter.TrackingFingerprint"/>).</summary>
        private static Tracking? OwnTracking(ReportElement result, ReportElement? location)
        {
            var text = result.Optional("fingerprints")?.OptionalText(SarifReportWriter.TrackingFingerprint);
            var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
            if (text is null || colon <= 0 || colon == text.Length - 1)
            {
                return null;
            }

            var region = location?.Optional("physicalLocation")?.Optional("region");
            return new Tracking(EquatableArray.Of(new TrackingItem(
                EquatableArray.Of(new TrackingSignature(text[..colon], text[(colon + 1)..])),
                location?.Optional("physicalLocation")?.Optional("artifactLocation")?.OptionalText("uri"),
                region?.OptionalInt("startLine"),
                region?.OptionalInt("endLine"))));
        }

        /// <summary>
        /// Fingerprints as <c>fingerprint.&lt;name&gt;</c> (<c>fingerprint.primaryLocationLineHash</c>), and an
        /// accepted suppression as <c>suppression</c> (its kind: <c>inSource</c>, <c>external</c>) with its
        /// justification, so a server can dismiss what the tool's users already dismissed.
        /// </summary>
        private static EquatableArray<KeyValuePair<string, string>> ResultProperties(ReportElement result)
        {
            var properties = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var bag in new[] { "partialFingerprints", "fingerprints" })
            {
                foreach (var (name, value) in result.Optional(bag)?.Members() ?? [])
                {
                    properties[FingerprintPrefix + name] = value.AsScalarText();
                }
            }

            var suppression = result.Items("suppressions").FirstOrDefault(s => s.OptionalString("status") is null or "accepted");
            if (suppression is not null)
            {
                properties[SuppressionProperty] = suppression.OptionalText("kind") ?? "external";
                if (suppression.OptionalText("justification") is { } justification)
                {
                    properties[SuppressionJustificationProperty] = justification;
                }
            }

            return properties.ToEquatableArray();
        }

        private ReportElement? ResolveRule(ReportElement result)
        {
            var reference = result.Optional("rule");
            var index = result.OptionalInt("ruleIndex") ?? reference?.OptionalInt("index");
            var candidates = rules;
            if (reference?.Optional("toolComponent")?.OptionalInt("index") is { } component)
            {
                candidates = component >= 0 && component < extensionRules.Count
                    ? extensionRules[component]
                    : throw reference.Required("toolComponent").Error($"points at extension {component.ToString(CultureInfo.InvariantCulture)}, which the run does not have");
            }

            if (index is { } i && i >= 0)
            {
                return i < candidates.Count
                    ? candidates[i]
                    : throw result.Error($"has ruleIndex {i.ToString(CultureInfo.InvariantCulture)} but the tool lists {candidates.Count.ToString(CultureInfo.InvariantCulture)} rules");
            }

            var id = result.OptionalText("ruleId") ?? reference?.OptionalText("id");
            return id is null
                ? null
                : rules.Concat(extensionRules.SelectMany(r => r)).FirstOrDefault(r => r.OptionalString("id") == id);
        }

        private static Severity SeverityOf(ReportElement result, ReportElement? rule, ReportElement? resultProperties, ReportElement? ruleProperties)
        {
            if ((Score(resultProperties) ?? Score(ruleProperties)) is { } score)
            {
                return SeverityScale.FromCvssScore(score);
            }

            // CodeQL rules without a level still say how bad they are in problem.severity.
            var level = result.OptionalString("level") ?? rule?.Optional("defaultConfiguration")?.OptionalString("level")
                ?? ruleProperties?.OptionalString("problem.severity") switch
                {
                    "recommendation" => "note",
                    var problem => problem,
                }
                ?? "warning";
            return level switch
            {
                "error" => Severity.High,
                "note" => Severity.Low,
                "none" => Severity.Info,
                _ => Severity.Medium,
            };
        }

        private static double? Score(ReportElement? properties)
        {
            if (properties?.Optional("security-severity") is not { } element)
            {
                return null;
            }

            var text = element.AsScalarText();
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var score) && score is >= 0 and <= 10
                ? score
                : throw element.Error($"must be a score between 0.0 and 10.0, not '{text}'");
        }

        private static IEnumerable<string> Tags(ReportElement? properties) =>
            properties?.Items("tags").Select(t => t.AsString()) ?? [];

        /// <summary>
        /// The CVE or GHSA a rule is named after: scanners of dependencies and images (Trivy, Grype) make each
        /// advisory a rule (<c>CVE-2021-23337</c>, <c>GHSA-35jh-r3h4-6jhm-lodash</c>), so the finding is known by it
        /// as the same vulnerability read from their JSON is.
        /// </summary>
        private static IEnumerable<Identifier> AdvisoryIds(string ruleId)
        {
            if (CveId().Match(ruleId) is { Success: true } cve)
            {
                yield return Identifier.Cve(cve.Value.ToUpperInvariant());
            }

            if (GhsaId().Match(ruleId) is { Success: true } ghsa)
            {
                yield return Identifier.Ghsa("GHSA" + ghsa.Value[4..].ToLowerInvariant());
            }
        }

        /// <summary>
        /// SARIF text properties are plain text, but some tools write rule descriptions through an HTML template (Trivy's
        /// read <c>Image user should not be &amp;#39;root&amp;#39;</c>): character references are decoded when a text has them.
        /// </summary>
        private static string? PlainText(string? text) =>
            text is not null && HtmlReference().IsMatch(text) ? WebUtility.HtmlDecode(text) : text;

        private static ReportType ReportTypeOf(List<string> tags, bool secretScanner)
        {
            foreach (var tag in tags)
            {
                if (ReportTypeNames.TryParse(tag, out var type))
                {
                    return type is ReportType.SecretDetection or ReportType.DependencyScanning or ReportType.ContainerScanning
                        ? type
                        : ReportType.Sast;
                }

                if (tag.Equals("secret", StringComparison.OrdinalIgnoreCase) || tag.Equals("secrets", StringComparison.OrdinalIgnoreCase))
                {
                    return ReportType.SecretDetection;
                }
            }

            return secretScanner ? ReportType.SecretDetection : ReportType.Sast;
        }

        private static IEnumerable<int> Cwes(List<string> tags, ReportElement? ruleProperties, ReportElement? rule)
        {
            foreach (var tag in tags)
            {
                if (CweTag().Match(tag) is { Success: true } match)
                {
                    yield return int.Parse(match.Groups["id"].Value, CultureInfo.InvariantCulture);
                }
            }

            foreach (var id in PropertyCwes(ruleProperties))
            {
                yield return id;
            }

            foreach (var relationship in rule?.Items("relationships") ?? [])
            {
                var target = relationship.Required("target");
                if (target.Optional("toolComponent")?.OptionalString("name") is { } taxonomy
                    && taxonomy.Equals("CWE", StringComparison.OrdinalIgnoreCase)
                    && target.OptionalText("id") is { } text
                    && CweOrNumber(text) is { } id)
                {
                    yield return id;
                }
            }
        }

        /// <summary><c>properties.cwe</c> of a rule or a result (njsscan puts <c>"CWE-327: Use of …"</c> on results): one or a list.</summary>
        private static IEnumerable<int> PropertyCwes(ReportElement? properties)
        {
            if (properties?.Optional("cwe") is not { } cwe)
            {
                yield break;
            }

            var values = cwe.Kind == JsonValueKind.Array ? cwe.Items().Select(c => c.AsScalarText()) : [cwe.AsScalarText()];
            foreach (var value in values)
            {
                if (CweOrNumber(value) is { } id)
                {
                    yield return id;
                }
            }
        }

        /// <summary>A result's own rule id when it names no rule: the first line of its message, at most 200 characters.</summary>
        private static string RuleIdOf(string message)
        {
            var line = FirstLine(message).Trim();
            return line.Length <= 200 ? line : line[..200];
        }

        /// <summary>Where a value is known to be a CWE, a bare number is one too.</summary>
        private static int? CweOrNumber(string text)
        {
            var match = CweTag().Match(text);
            if (!match.Success)
            {
                match = CweNumber().Match(text);
            }

            return match.Success ? int.Parse(match.Groups["id"].Value, CultureInfo.InvariantCulture) : null;
        }

        private Location ReadLocation(ReportElement? location, ReportType type, ReportElement? properties, ReportElement? partialFingerprints = null)
        {
            var physical = location?.Optional("physicalLocation");
            var path = physical?.Optional("artifactLocation") is { } artifact ? ArtifactPath(artifact) : null;
            var region = physical?.Optional("region");
            var startLine = region?.OptionalInt("startLine");
            var endLine = region?.OptionalInt("endLine");
            var startColumn = region?.OptionalInt("startColumn");
            var endColumn = region?.OptionalInt("endColumn");
            var logical = location?.Items("logicalLocations").ToList() ?? [];
            path ??= logical.Select(l => l.OptionalText("fullyQualifiedName") ?? l.OptionalText("name")).FirstOrDefault(n => n is not null) ?? string.Empty;

            var package = properties?.Optional("package")?.AsScalarText() ?? string.Empty;
            var version = properties?.Optional("version")?.AsScalarText() ?? string.Empty;
            return type switch
            {
                ReportType.SecretDetection => new SecretLocation(
                    path,
                    CommitOf(properties, partialFingerprints),
                    startLine ?? 1,
                    endLine ?? startLine ?? 1,
                    startColumn,
                    endColumn),
                ReportType.DependencyScanning => new DependencyLocation(path, new DependencyReference(package, version)),
                ReportType.ContainerScanning => new ContainerLocation(
                    properties?.OptionalText("image") ?? path,
                    properties?.OptionalText("operatingSystem") ?? string.Empty,
                    new DependencyReference(package, version)),
                _ => new SourceLocation(
                    path,
                    startLine,
                    endLine,
                    startColumn,
                    endColumn,
                    logical.FirstOrDefault(l => l.OptionalString("kind") == "type")?.OptionalText("name"),
                    logical.FirstOrDefault(l => l.OptionalString("kind") is "function" or "member" or "method")?.OptionalText("name")),
            };
        }

        /// <summary>
        /// The commit a secret was found in: the result's properties (<c>commit</c>, <c>author</c>, <c>email</c>, <c>date</c>,
        /// <c>commitMessage</c>, as gitleaks 7 wrote them), else its partial fingerprints (<c>commitSha</c> and the same
        /// others, as gitleaks 8 writes them); without either, the working tree.
        /// </summary>
        private static Commit CommitOf(ReportElement? properties, ReportElement? partialFingerprints)
        {
            var (bag, sha) = properties?.OptionalText("commit") is { } fromProperties
                ? (properties, fromProperties)
                : (partialFingerprints, partialFingerprints?.OptionalText("commitSha"));
            return bag is null || sha is null
                ? Commit.WorkingTree
                : new Commit(
                    sha,
                    bag.OptionalText("author"),
                    bag.OptionalText("email"),
                    DateTimeOffset.TryParse(bag.OptionalText("date"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null,
                    bag.OptionalText("commitMessage"));
        }

        private IEnumerable<CodeFlow> ReadCodeFlows(ReportElement codeFlow)
        {
            var flowMessage = codeFlow.Optional("message") is { } m ? MessageText(m, null) : null;
            foreach (var threadFlow in codeFlow.Required("threadFlows").Items())
            {
                var steps = threadFlow.Required("locations").Items()
                    .Select(t => t.Optional("location"))
                    .Where(l => l?.Optional("physicalLocation") is not null)
                    .Select(l => new CodeFlowStep(
                        (SourceLocation)ReadLocation(l, ReportType.Sast, null),
                        l!.Optional("message") is { } stepMessage ? MessageText(stepMessage, null) : null))
                    .ToEquatableArray();
                if (!steps.IsEmpty)
                {
                    yield return new CodeFlow(steps, flowMessage ?? (threadFlow.Optional("message") is { } t ? MessageText(t, null) : null));
                }
            }
        }

        /// <summary>
        /// A repository-relative path where the URI allows it: relative URIs as they are, absolute
        /// <c>file:</c> URIs made relative to the run's source root when they are under it.
        /// </summary>
        private string ArtifactPath(ReportElement artifactLocation)
        {
            var uri = artifactLocation.OptionalString("uri");
            if (uri is null && artifactLocation.OptionalInt("index") is { } index && index >= 0 && index < _artifacts.Count)
            {
                uri = _artifacts[index].Optional("location")?.OptionalString("uri");
            }

            if (uri is null)
            {
                throw artifactLocation.Error("has neither a uri nor an index into the run's artifacts");
            }

            if (!ArtifactUri.HasScheme(uri))
            {
                return ArtifactUri.ToPath(uri);
            }

            if (!Uri.TryCreate(uri, UriKind.Absolute, out var absolute))
            {
                throw artifactLocation.Required("uri").Error($"is not a valid URI: '{uri}'");
            }

            var baseId = artifactLocation.OptionalString("uriBaseId") ?? ArtifactUri.SourceRoot;
            foreach (var root in new[] { _baseUris.GetValueOrDefault(baseId), _baseUris.GetValueOrDefault(ArtifactUri.SourceRoot), WorkingDirectory() })
            {
                if (root is not null && uri.StartsWith(root, StringComparison.Ordinal))
                {
                    return ArtifactUri.ToPath(uri[root.Length..]);
                }
            }

            return absolute.IsFile ? absolute.LocalPath : uri;
        }

        private string? WorkingDirectory()
        {
            var uri = run.Items("invocations").Select(i => i.Optional("workingDirectory")?.OptionalText("uri")).FirstOrDefault(u => u is not null);
            return uri is null ? null : uri.EndsWith('/') ? uri : uri + "/";
        }

        private static Dictionary<string, string> ReadBaseUris(ReportElement run)
        {
            var uris = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in run.Optional("originalUriBaseIds")?.Members() ?? [])
            {
                if (value.OptionalText("uri") is { } uri && ArtifactUri.HasScheme(uri))
                {
                    uris[name] = uri.EndsWith('/') ? uri : uri + "/";
                }
            }

            return uris;
        }

        /// <summary>A message's text: plain text, else markdown, else the rule's message string with its arguments.</summary>
        private static string MessageText(ReportElement message, ReportElement? rule)
        {
            if ((message.OptionalString("text") ?? message.OptionalString("markdown")) is { } text)
            {
                return Arguments(text, message);
            }

            if (message.OptionalString("id") is { } id
                && rule?.Optional("messageStrings")?.Optional(id) is { } template
                && (template.OptionalString("text") ?? template.OptionalString("markdown")) is { } templateText)
            {
                return Arguments(templateText, message);
            }

            throw message.Error("has no text, markdown or resolvable message id");
        }

        private static string Arguments(string text, ReportElement message)
        {
            var arguments = message.Items("arguments").Select(a => a.AsScalarText()).ToList();
            return arguments.Count == 0
                ? text
                : Placeholder().Replace(text, m => int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture) is var n && n < arguments.Count ? arguments[n] : m.Value);
        }

        private static string FirstLine(string text)
        {
            var end = text.IndexOfAny(['\n', '\r']);
            return end < 0 ? text : text[..end];
        }
    }

    [GeneratedRegex(@"^(?:external/cwe/)?cwe[-_:/ ]?(?<id>\d+)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CweTag();

    [GeneratedRegex(@"^(?<id>\d+)$")]
    private static partial Regex CweNumber();

    [GeneratedRegex(@"\{(?<n>\d+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\bCVE-\d{4}-\d{4,}\b", RegexOptions.IgnoreCase)]
    private static partial Regex CveId();

    [GeneratedRegex(@"\bGHSA(?:-[23456789cfghjmpqrvwx]{4}){3}\b", RegexOptions.IgnoreCase)]
    private static partial Regex GhsaId();

    [GeneratedRegex(@"&(?:#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|quot|amp|lt|gt|apos);")]
    private static partial Regex HtmlReference();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonAlphanumeric();
}
