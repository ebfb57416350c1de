using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bulwark.Core.Findings;
using Bulwark.Core.Identity;

namespace Bulwark.Core.Reports.Sarif;

/// <summary>
/// Writes SARIF 2.1.0 as GitHub code scanning wants it: one run per analyzer (also for analyzers that
/// found nothing, so a fixed alert is closed), each with its own <c>automationDetails</c> category,
/// rules with <c>help</c>, <c>security-severity</c> and <c>security</c> tag, and results with a
/// relative <c>%SRCROOT%</c> location whose region starts at line 1 or later.
/// </summary>
/// <remarks>
/// <para><c>partialFingerprints.primaryLocationLineHash</c>: GitHub hashes the text of the flagged line,
/// which a writer without file content cannot do. Ours is the first 64 bits of SHA-256 over rule id,
/// artifact URI and the finding's tracking fingerprint (its best tracking signature, else its GitLab
/// location fingerprint), then <c>:n</c> counting equal hashes in the file as GitHub does. It follows a
/// finding across line moves exactly when the GitLab identity does, and never hashes matched text, so a
/// secret cannot be guessed back from it.</para>
/// <para><c>fingerprints["bulwark/vulnerabilityId/v1"]</c> is the GitLab vulnerability UUID.</para>
/// <para>Each result carries its own <c>properties.security-severity</c> (findings of one rule may differ);
/// the rule's is the highest, from the CVSS base score when it agrees with the finding's severity.</para>
/// </remarks>
public static class SarifReportWriter
{
    public const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    public const string IdentityFingerprint = "bulwark/vulnerabilityId/v1";

    /// <summary>
    /// The finding's best GitLab tracking signature as <c>algorithm:value</c>, so a server reading our SARIF tracks it
    /// exactly as it tracks the GitLab report of the same scan.
    /// </summary>
    public const string TrackingFingerprint = "bulwark/trackingSignature/v1";

    private static TrackingSignature? BestSignature(Finding finding) =>
        finding.Tracking?.Items.SelectMany(i => i.Signatures).Where(s => s.Priority > 0).MaxBy(s => s.Priority);

    /// <summary>GitHub's hard limits: more results or thread-flow locations get the upload rejected.</summary>
    internal const int MaxResultsPerRun = 25_000;
    internal const int MaxThreadFlowLocationsPerResult = 10_000;
    internal const int MaxTagsPerRule = 20;
    internal const int MaxFullDescriptionLength = 1_000;

    public static void Write(ScanResult scan, string projectId, Stream output)
    {
        var log = Compose(scan, projectId);
        ReportJson.Write(output, log.WriteTo);
    }

    public static Task WriteAsync(ScanResult scan, string projectId, Stream output, CancellationToken cancellationToken = default)
    {
        var log = Compose(scan, projectId);
        return ReportJson.WriteAsync(output, log.WriteTo, cancellationToken);
    }

    private static SarifLog Compose(ScanResult scan, string projectId)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentException.ThrowIfNullOrEmpty(projectId);
        return new SarifLog(scan, projectId);
    }

    internal static string Level(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium or Severity.Unknown => "warning",
        _ => "note",
    };

    /// <summary>The CVSS base score when it agrees with the severity, else the severity's representative score.</summary>
    internal static double SecuritySeverity(Finding finding)
    {
        var cvss = finding.CvssVectors.Select(v => v.BaseScore)
            .Where(s => s is { } score && SeverityScale.FromCvssScore(score) == finding.Severity)
            .Max();
        return cvss ?? double.Parse(finding.Severity.ToSecuritySeverityScore(), CultureInfo.InvariantCulture);
    }

    private sealed class SarifLog(ScanResult scan, string projectId)
    {
        public void WriteTo(Utf8JsonWriter w)
        {
            w.WriteStartObject();
            w.WriteString("$schema", SchemaUri);
            w.WriteString("version", "2.1.0");
            w.WriteStartArray("runs");
            var analyzers = scan.Analyzers.Select(a => a.Name).Concat(scan.Findings.Select(f => f.Analyzer))
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (analyzers.Count == 0)
            {
                // Nothing ran: one run still says so, and carries the warnings.
                WriteRun(w, null, true);
            }

            for (var i = 0; i < analyzers.Count; i++)
            {
                WriteRun(w, analyzers[i], i == 0);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        private void WriteRun(Utf8JsonWriter w, string? analyzer, bool carriesScanWarnings)
        {
            var tool = scan.Tool;
            var all = scan.Findings.Where(f => f.Analyzer == analyzer).ToList();
            // Over GitHub's limit, the most severe results are kept and the rest are named in a notification.
            var findings = all.OrderByDescending(f => f.Severity).Take(MaxResultsPerRun).Order(FindingOrder.Instance).ToList();
            var rules = findings.GroupBy(f => f.RuleId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
            var ruleIndex = rules.Select((g, i) => (g.Key, i)).ToDictionary(p => p.Key, p => p.i, StringComparer.Ordinal);

            w.WriteStartObject();
            w.WriteStartObject("tool");
            w.WriteStartObject("driver");
            w.WriteString("name", analyzer is null ? tool.Name : $"{tool.Name} {analyzer}");
            w.WriteString("product", tool.Name);
            w.WriteIfNotEmpty("organization", tool.Vendor);
            w.WriteIfNotEmpty("version", tool.Version);
            if (IsSemanticVersion(tool.Version))
            {
                w.WriteString("semanticVersion", tool.Version);
            }

            if (IsWebUri(tool.Url))
            {
                w.WriteString("informationUri", tool.Url);
            }

            w.WriteStartArray("rules");
            foreach (var rule in rules)
            {
                WriteRule(w, rule.Key, rule.ToList());
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();

            WriteInvocation(w, analyzer, carriesScanWarnings, all.Count - findings.Count);

            w.WriteStartObject("originalUriBaseIds");
            w.WriteStartObject(ArtifactUri.SourceRoot);
            if (ArtifactUri.IsRooted(scan.Target))
            {
                w.WriteString("uri", ArtifactUri.DirectoryUri(scan.Target));
            }

            w.WriteStartObject("description");
            w.WriteString("text", $"The scanned directory, as named on the command line: {scan.Target}");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();

            w.WriteStartObject("automationDetails");
            // GitHub keeps one analysis per tool and category: every analyzer gets its own category.
            w.WriteString("id", $"{tool.Name.ToLowerInvariant()}/{analyzer ?? "scan"}/");
            w.WriteEndObject();

            w.WriteStartArray("results");
            var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var finding in findings)
            {
                WriteResult(w, finding, ruleIndex[finding.RuleId], occurrences);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        private void WriteInvocation(Utf8JsonWriter w, string? analyzer, bool carriesScanWarnings, int resultsLeftOut)
        {
            w.WriteStartArray("invocations");
            w.WriteStartObject();
            w.WriteBoolean("executionSuccessful", scan.Completed);
            w.WriteString("startTimeUtc", ReportJson.UtcTime(scan.StartedAt, milliseconds: true));
            w.WriteString("endTimeUtc", ReportJson.UtcTime(scan.FinishedAt, milliseconds: true));

            var notifications = new List<(string Level, string Text, string? Path)>();
            if (!scan.Completed)
            {
                notifications.Add(("error", $"The scan is incomplete: {scan.IncompleteReason ?? "it stopped before it finished"}", null));
            }

            if (resultsLeftOut > 0)
            {
                notifications.Add(("warning",
                    $"{resultsLeftOut.ToString(CultureInfo.InvariantCulture)} less severe results were left out: GitHub accepts at most {MaxResultsPerRun.ToString(CultureInfo.InvariantCulture)} per run.",
                    null));
            }

            notifications.AddRange(scan.Warnings
                .Where(x => x.Analyzer == analyzer || (x.Analyzer is null && carriesScanWarnings))
                .OrderBy(x => x.Path ?? string.Empty, StringComparer.Ordinal).ThenBy(x => x.Message, StringComparer.Ordinal)
                .Select(x => (NotificationLevel(x.Level), x.Message, x.Path)));

            if (notifications.Count > 0)
            {
                w.WriteStartArray("toolExecutionNotifications");
                foreach (var (level, text, path) in notifications)
                {
                    w.WriteStartObject();
                    w.WriteString("level", level);
                    WriteMessage(w, "message", text);
                    if (path is { Length: > 0 })
                    {
                        w.WriteStartArray("locations");
                        w.WriteStartObject();
                        w.WriteStartObject("physicalLocation");
                        WriteArtifactLocation(w, path);
                        w.WriteEndObject();
                        w.WriteEndObject();
                        w.WriteEndArray();
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteEndArray();
        }

        private static void WriteRule(Utf8JsonWriter w, string ruleId, List<Finding> findings)
        {
            var first = findings[0];
            var title = first.Name ?? first.PrimaryIdentifier.Name;
            if (string.IsNullOrEmpty(title))
            {
                title = ruleId;
            }

            var description = string.IsNullOrEmpty(first.Description) ? title : first.Description;
            var worst = findings.Max(f => f.Severity);

            w.WriteStartObject();
            w.WriteString("id", ruleId);
            w.WriteString("name", title);
            WriteMessage(w, "shortDescription", title);
            WriteMessage(w, "fullDescription", ReportJson.Truncate(description, MaxFullDescriptionLength));
            w.WriteStartObject("defaultConfiguration");
            w.WriteString("level", Level(worst));
            w.WriteEndObject();

            w.WriteStartObject("help");
            w.WriteString("text", string.IsNullOrEmpty(first.Solution) ? description : first.Solution);
            w.WriteString("markdown", HelpMarkdown(first, description));
            w.WriteEndObject();
            if (HelpUri(first) is { } helpUri)
            {
                w.WriteString("helpUri", helpUri);
            }

            w.WriteStartObject("properties");
            w.WriteStartArray("tags");
            foreach (var tag in Tags(first))
            {
                w.WriteStringValue(tag);
            }

            w.WriteEndArray();
            w.WriteString("security-severity", Score(findings.Max(SecuritySeverity)));
            w.WriteEndObject();
            w.WriteEndObject();
        }

        private static IEnumerable<string> Tags(Finding finding) =>
            new[] { "security", finding.ReportType.ToWireName() }
                .Concat(finding.Identifiers.Where(i => i.Type == "cwe").Select(i => $"external/cwe/cwe-{i.Value}"))
                .Distinct(StringComparer.Ordinal)
                .Take(MaxTagsPerRule);

        private static string HelpMarkdown(Finding finding, string description)
        {
            var text = new StringBuilder(description);
            if (!string.IsNullOrEmpty(finding.Solution))
            {
                text.Append("\n\n**Solution:** ").Append(finding.Solution);
            }

            var references = finding.Identifiers.Where(i => IsWebUri(i.Url)).Select(i => (Name: i.Name, Url: i.Url!))
                .Concat(finding.Links.Where(l => IsWebUri(l.Url)).Select(l => (Name: l.Name ?? l.Url, l.Url)))
                .DistinctBy(r => r.Url, StringComparer.Ordinal)
                .ToList();
            if (references.Count > 0)
            {
                text.Append("\n\n**References**\n");
                foreach (var (name, url) in references)
                {
                    text.Append("\n- [").Append(name.Replace("]", "\\]", StringComparison.Ordinal)).Append("](").Append(url).Append(')');
                }
            }

            return text.ToString();
        }

        private static string? HelpUri(Finding finding) =>
            finding.Links.Select(l => l.Url).Concat(finding.Identifiers.Select(i => i.Url)).FirstOrDefault(IsWebUri);

        private void WriteResult(Utf8JsonWriter w, Finding finding, int ruleIndex, Dictionary<string, int> occurrences)
        {
            w.WriteStartObject();
            w.WriteString("ruleId", finding.RuleId);
            w.WriteNumber("ruleIndex", ruleIndex);
            w.WriteString("level", Level(finding.Severity));
            WriteMessage(w, "message", ResultMessage(finding));

            w.WriteStartArray("locations");
            WriteLocation(w, finding.Location, null, finding.RawSourceCodeExtract);
            w.WriteEndArray();

            var uri = PrimaryUri(finding.Location);
            var hash = LineHash(finding, uri);
            var key = $"{uri}\n{hash}";
            var occurrence = occurrences.GetValueOrDefault(key) + 1;
            occurrences[key] = occurrence;
            w.WriteStartObject("partialFingerprints");
            w.WriteString("primaryLocationLineHash", $"{hash}:{occurrence.ToString(CultureInfo.InvariantCulture)}");
            w.WriteEndObject();
            w.WriteStartObject("fingerprints");
            w.WriteString(IdentityFingerprint, VulnerabilityIdentity.Compute(finding, projectId).ToString());
            if (BestSignature(finding) is { } signature)
            {
                w.WriteString(TrackingFingerprint, $"{signature.Algorithm}:{signature.Value}");
            }

            w.WriteEndObject();

            WriteCodeFlows(w, finding);

            w.WriteStartObject("properties");
            w.WriteString("security-severity", Score(SecuritySeverity(finding)));
            switch (finding.Location)
            {
                case DependencyLocation d:
                    w.WriteString("package", d.Dependency.Package);
                    w.WriteString("version", d.Dependency.Version);
                    break;
                case ContainerLocation c:
                    w.WriteString("package", c.Dependency.Package);
                    w.WriteString("version", c.Dependency.Version);
                    w.WriteString("image", c.Image);
                    w.WriteString("operatingSystem", c.OperatingSystem);
                    break;
                case ClusterImageLocation k:
                    w.WriteString("package", k.Dependency.Package);
                    w.WriteString("version", k.Dependency.Version);
                    w.WriteString("image", k.Image);
                    break;
                case SecretLocation { Commit.IsWorkingTree: false } s:
                    w.WriteString("commit", s.Commit.Sha);
                    break;
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        private static string ResultMessage(Finding finding)
        {
            var title = finding.Name ?? finding.PrimaryIdentifier.Name;
            if (string.IsNullOrEmpty(title))
            {
                title = finding.RuleId;
            }

            return finding.Location switch
            {
                DependencyLocation d => $"{title} in {d.Dependency.Package} {d.Dependency.Version}",
                ContainerLocation c => $"{title} in {c.Dependency.Package} {c.Dependency.Version} of image {c.Image}",
                ClusterImageLocation k => $"{title} in {k.Dependency.Package} {k.Dependency.Version} of image {k.Image} ({k.Resource.Kind} {k.Resource.Namespace}/{k.Resource.Name})",
                WebLocation web when web.Method is not null || web.Path is not null => $"{title} at {web.Method} {web.Path}".TrimEnd(),
                CrashLocation { CrashAddress: { } address } => $"{title} at {address}",
                _ => title,
            };
        }

        private static void WriteCodeFlows(Utf8JsonWriter w, Finding finding)
        {
            if (finding.CodeFlows.IsEmpty)
            {
                return;
            }

            var budget = MaxThreadFlowLocationsPerResult;
            w.WriteStartArray("codeFlows");
            foreach (var flow in finding.CodeFlows)
            {
                var steps = flow.Steps.Take(budget).ToList();
                if (steps.Count == 0)
                {
                    continue;
                }

                budget -= steps.Count;
                w.WriteStartObject();
                if (!string.IsNullOrEmpty(flow.Message))
                {
                    WriteMessage(w, "message", flow.Message);
                }

                w.WriteStartArray("threadFlows");
                w.WriteStartObject();
                w.WriteStartArray("locations");
                foreach (var step in steps)
                {
                    w.WriteStartObject();
                    w.WriteStartObject("location");
                    WriteLocationBody(w, step.Location, step.Message, null);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        private static void WriteLocation(Utf8JsonWriter w, Location location, string? message, string? snippet)
        {
            w.WriteStartObject();
            WriteLocationBody(w, location, message, snippet);
            w.WriteEndObject();
        }

        private static void WriteLocationBody(Utf8JsonWriter w, Location location, string? message, string? snippet)
        {
            switch (location)
            {
                case SourceLocation s:
                    WritePhysical(w, s.File, s.StartLine, s.EndLine, s.StartColumn, s.EndColumn, snippet);
                    if (s.Class is not null || s.Method is not null)
                    {
                        w.WriteStartArray("logicalLocations");
                        if (s.Class is not null)
                        {
                            w.WriteStartObject();
                            w.WriteString("name", s.Class);
                            w.WriteString("kind", "type");
                            w.WriteEndObject();
                        }

                        if (s.Method is not null)
                        {
                            w.WriteStartObject();
                            w.WriteString("name", s.Method);
                            if (s.Class is not null)
                            {
                                w.WriteString("fullyQualifiedName", $"{s.Class}.{s.Method}");
                            }

                            w.WriteString("kind", "function");
                            w.WriteEndObject();
                        }

                        w.WriteEndArray();
                    }

                    break;
                case SecretLocation s:
                    WritePhysical(w, s.File, s.StartLine, s.EndLine, s.StartColumn, s.EndColumn, snippet);
                    break;
                case DependencyLocation d:
                    WritePhysical(w, d.File, null, null, null, null, null);
                    break;
                case ContainerLocation c:
                    WritePhysical(w, c.Image, null, null, null, null, null);
                    break;
                case ClusterImageLocation k:
                    WritePhysical(w, k.Image, null, null, null, null, null);
                    break;
                case WebLocation web:
                    w.WriteStartObject("physicalLocation");
                    w.WriteStartObject("artifactLocation");
                    w.WriteString("uri", WebUri(web));
                    w.WriteEndObject();
                    w.WriteEndObject();
                    break;
                case CrashLocation crash:
                    w.WriteStartArray("logicalLocations");
                    w.WriteStartObject();
                    w.WriteString("name", crash.CrashType ?? "crash");
                    if (crash.CrashState is { Length: > 0 } state)
                    {
                        w.WriteString("fullyQualifiedName", state);
                    }

                    w.WriteString("kind", "function");
                    w.WriteEndObject();
                    w.WriteEndArray();
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(location), location.GetType().Name, "unknown location type");
            }

            if (!string.IsNullOrEmpty(message))
            {
                WriteMessage(w, "message", message);
            }
        }

        private static void WritePhysical(Utf8JsonWriter w, string file, int? startLine, int? endLine, int? startColumn, int? endColumn, string? snippet)
        {
            w.WriteStartObject("physicalLocation");
            WriteArtifactLocation(w, file);
            // GitHub needs a start line on every file location; a finding about a whole file
            // (a lockfile, an image) points at its first line.
            var start = startLine is >= 1 ? startLine.Value : 1;
            w.WriteStartObject("region");
            w.WriteNumber("startLine", start);
            if (startColumn is >= 1)
            {
                w.WriteNumber("startColumn", startColumn.Value);
            }

            if (endLine is { } end && end >= start)
            {
                w.WriteNumber("endLine", end);
            }

            if (endColumn is >= 1)
            {
                w.WriteNumber("endColumn", endColumn.Value);
            }

            if (!string.IsNullOrEmpty(snippet))
            {
                w.WriteStartObject("snippet");
                w.WriteString("text", snippet);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        private static void WriteArtifactLocation(Utf8JsonWriter w, string path)
        {
            w.WriteStartObject("artifactLocation");
            if (ArtifactUri.IsRooted(path))
            {
                w.WriteString("uri", ArtifactUri.DirectoryUri(path).TrimEnd('/'));
            }
            else
            {
                w.WriteString("uri", ArtifactUri.FromRelativePath(path));
                w.WriteString("uriBaseId", ArtifactUri.SourceRoot);
            }

            w.WriteEndObject();
        }

        private static string PrimaryUri(Location location) => location switch
        {
            SourceLocation s => ArtifactUri.FromRelativePath(s.File),
            SecretLocation s => ArtifactUri.FromRelativePath(s.File),
            DependencyLocation d => ArtifactUri.FromRelativePath(d.File),
            ContainerLocation c => ArtifactUri.FromRelativePath(c.Image),
            ClusterImageLocation k => ArtifactUri.FromRelativePath(k.Image),
            WebLocation web => WebUri(web),
            _ => string.Empty,
        };

        private static string WebUri(WebLocation web)
        {
            // Templated API paths (/api/orders/{id}) are not valid URI characters until escaped.
            var path = ArtifactUri.FromRelativePath((web.Path ?? "/").TrimStart('/'));
            return web.Hostname is { Length: > 0 } host ? $"{host.TrimEnd('/')}/{path}" : "/" + path;
        }

        private static string LineHash(Finding finding, string uri)
        {
            var input = $"{finding.RuleId}\n{uri}\n{VulnerabilityIdentity.TrackingFingerprint(finding)}";
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input)))[..16];
        }

        private static void WriteMessage(Utf8JsonWriter w, string name, string text)
        {
            w.WriteStartObject(name);
            w.WriteString("text", text);
            w.WriteEndObject();
        }

        private static string NotificationLevel(WarningLevel level) => level switch
        {
            WarningLevel.Info => "note",
            WarningLevel.Error => "error",
            _ => "warning",
        };

        private static string Score(double score) => score.ToString("0.0", CultureInfo.InvariantCulture);
    }

    internal static bool IsWebUri(string? uri) =>
        uri is not null && Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https";

    /// <summary>
    /// True for <c>MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]</c> without leading zeros, the form SARIF's
    /// <c>semanticVersion</c> requires. Checked by hand: see <see cref="ArtifactUri"/> on generated regexes.
    /// </summary>
    internal static bool IsSemanticVersion(string? version)
    {
        if (string.IsNullOrEmpty(version))
        {
            return false;
        }

        var rest = version.AsSpan();
        for (var part = 0; part < 3; part++)
        {
            var digits = 0;
            while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
            {
                digits++;
            }

            if (digits == 0 || (digits > 1 && rest[0] == '0'))
            {
                return false;
            }

            rest = rest[digits..];
            if (part < 2)
            {
                if (rest.IsEmpty || rest[0] != '.')
                {
                    return false;
                }

                rest = rest[1..];
            }
        }

        foreach (var marker in "-+")
        {
            if (!rest.IsEmpty && rest[0] == marker)
            {
                var length = 1;
                while (length < rest.Length && (char.IsAsciiLetterOrDigit(rest[length]) || rest[length] is '.' or '-'))
                {
                    length++;
                }

                if (length == 1)
                {
                    return false;
                }

                rest = rest[length..];
            }
        }

        return rest.IsEmpty;
    }
}
