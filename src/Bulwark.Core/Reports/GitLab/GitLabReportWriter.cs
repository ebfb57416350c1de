using System.Globalization;
using System.Text.Json;
using Bulwark.Core.Findings;
using Bulwark.Core.Identity;

namespace Bulwark.Core.Reports.GitLab;

/// <summary>
/// Writes a GitLab security report (schema 15.2.1) of one report type, so a Bulwark job is a drop-in
/// GitLab scanner. A finding that cannot be said in the schema (its location does not fit the report
/// type, it has no identifier) is left out and named in <c>scan.messages</c>; optional values that
/// break a schema constraint (a link that is not http/https/ftp, a CVSS v4 vector) are dropped.
/// </summary>
/// <remarks>
/// What the schema has no field for is carried in <c>details</c>, GitLab's extension point, so the UI
/// shows it and <see cref="GitLabReportReader"/> gets it back: code flows as a <c>code-flows</c> detail
/// and <see cref="Finding.Properties"/> as the <c>bulwark_properties</c> named list. Columns of source
/// and secret locations, and messages of code flows and their steps, have no place and are lost.
/// </remarks>
public static class GitLabReportWriter
{
    public const string SchemaVersion = "15.2.1";

    internal const string CodeFlowsDetail = "code_flows";
    internal const string PropertiesDetail = "bulwark_properties";

    public static void Write(ScanResult scan, ReportType type, string projectId, Stream output)
    {
        var report = Compose(scan, type, projectId);
        ReportJson.Write(output, report.WriteTo);
    }

    public static Task WriteAsync(ScanResult scan, ReportType type, string projectId, Stream output, CancellationToken cancellationToken = default)
    {
        var report = Compose(scan, type, projectId);
        return ReportJson.WriteAsync(output, report.WriteTo, cancellationToken);
    }

    /// <summary>The published schema a report of this type is validated against.</summary>
    public static string SchemaUrl(ReportType type) =>
        $"https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v{SchemaVersion}/dist/{SchemaFileName(type)}";

    public static string SchemaFileName(ReportType type) => type switch
    {
        ReportType.Sast => "sast-report-format.json",
        ReportType.SecretDetection => "secret-detection-report-format.json",
        ReportType.DependencyScanning => "dependency-scanning-report-format.json",
        ReportType.ContainerScanning => "container-scanning-report-format.json",
        ReportType.Dast or ReportType.ApiFuzzing => "dast-report-format.json",
        ReportType.CoverageFuzzing => "coverage-fuzzing-report-format.json",
        ReportType.ClusterImageScanning => "cluster-image-scanning-report-format.json",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown report type"),
    };

    /// <summary>
    /// Writes one finding as a GitLab <c>vulnerabilities[]</c> element (its <c>id</c> is the GitLab identity in
    /// <paramref name="projectId"/>): the shape the platform stores and serves a finding in.
    /// </summary>
    public static void WriteVulnerability(Utf8JsonWriter writer, Finding finding, ToolInfo tool, string projectId)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(finding);
        var scan = new ScanResult
        {
            Tool = tool,
            Target = string.Empty,
            StartedAt = DateTimeOffset.UnixEpoch,
            FinishedAt = DateTimeOffset.UnixEpoch,
        };
        new GitLabDocument(scan, finding.ReportType, projectId).WriteSingle(writer, finding);
    }

    private static GitLabDocument Compose(ScanResult scan, ReportType type, string projectId)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentException.ThrowIfNullOrEmpty(projectId);
        _ = SchemaFileName(type);
        return new GitLabDocument(scan, type, projectId);
    }

    /// <summary>One report being written: the findings that fit, the analyzer it is named after, the messages.</summary>
    private sealed class GitLabDocument
    {
        private readonly ScanResult _scan;
        private readonly ReportType _type;
        private readonly string _projectId;
        private readonly List<Finding> _findings = [];
        private readonly List<(string Level, string Text)> _messages = [];
        private readonly string _analyzer;

        public GitLabDocument(ScanResult scan, ReportType type, string projectId)
        {
            _scan = scan;
            _type = type;
            _projectId = projectId;

            if (!scan.Completed)
            {
                _messages.Add(("fatal", $"The scan is incomplete: {scan.IncompleteReason ?? "it stopped before it finished"}"));
            }

            foreach (var finding in scan.Findings.Where(f => f.ReportType == type).Order(FindingOrder.Instance))
            {
                if (Unwritable(finding) is { } reason)
                {
                    _messages.Add(("warn", $"A {finding.Analyzer} finding for rule {finding.RuleId} was left out of this report: {reason}"));
                }
                else
                {
                    _findings.Add(finding);
                }
            }

            _analyzer = _findings.GroupBy(f => f.Analyzer, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.Key).FirstOrDefault()
                ?? scan.Analyzers.Where(a => a.ReportType == type).Select(a => a.Name).Order(StringComparer.Ordinal).FirstOrDefault()
                ?? scan.Tool.Name.ToLowerInvariant();

            var analyzers = _findings.Select(f => f.Analyzer)
                .Concat(scan.Analyzers.Where(a => a.ReportType == type).Select(a => a.Name))
                .Append(_analyzer)
                .ToHashSet(StringComparer.Ordinal);
            foreach (var warning in scan.Warnings
                .Where(w => w.Analyzer is null || analyzers.Contains(w.Analyzer))
                .OrderBy(w => w.Path ?? string.Empty, StringComparer.Ordinal)
                .ThenBy(w => w.Message, StringComparer.Ordinal))
            {
                var text = warning.Path is null ? warning.Message : $"{warning.Path}: {warning.Message}";
                if (text.Length > 0)
                {
                    _messages.Add((MessageLevel(warning.Level), text));
                }
            }
        }

        public void WriteTo(Utf8JsonWriter w)
        {
            w.WriteStartObject();
            w.WriteString("version", SchemaVersion);
            w.WriteString("schema", SchemaUrl(_type));
            WriteScan(w);
            w.WriteStartArray("vulnerabilities");
            foreach (var finding in _findings)
            {
                WriteVulnerability(w, finding);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        private bool IsDynamic => _type is ReportType.Dast or ReportType.ApiFuzzing;

        private void WriteScan(Utf8JsonWriter w)
        {
            var tool = _scan.Tool;
            var run = _scan.Analyzers.FirstOrDefault(a => a.Name == _analyzer);
            w.WriteStartObject("scan");

            w.WriteStartObject("analyzer");
            w.WriteString("id", _analyzer);
            w.WriteString("name", $"{tool.Name} {_analyzer}");
            if (GitLabSchemaRules.IsAnalyzerUrl(tool.Url))
            {
                w.WriteString("url", tool.Url);
            }

            WriteVendor(w, tool);
            w.WriteString("version", NonEmpty(run?.Version ?? tool.Version));
            w.WriteEndObject();

            w.WriteStartObject("scanner");
            w.WriteString("id", tool.Name.ToLowerInvariant());
            w.WriteString("name", tool.Name);
            w.WriteIfNotEmpty("url", tool.Url);
            w.WriteString("version", NonEmpty(tool.Version));
            WriteVendor(w, tool);
            w.WriteEndObject();

            w.WriteString("type", _type.ToWireName());
            w.WriteString("start_time", ReportJson.GitLabTime(_scan.StartedAt));
            w.WriteString("end_time", ReportJson.GitLabTime(_scan.FinishedAt));
            w.WriteString("status", _scan.Completed ? "success" : "failure");

            if (_messages.Count > 0)
            {
                w.WriteStartArray("messages");
                foreach (var (level, text) in _messages)
                {
                    w.WriteStartObject();
                    w.WriteString("level", level);
                    w.WriteString("value", text);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            var primaries = _findings.Select(f => ValidIdentifiers(f)[0])
                .DistinctBy(i => (i.Type, i.Value))
                .OrderBy(i => i.Type, StringComparer.Ordinal).ThenBy(i => i.Value, StringComparer.Ordinal)
                .ToList();
            if (primaries.Count > 0)
            {
                w.WriteStartArray("primary_identifiers");
                foreach (var identifier in primaries)
                {
                    WriteIdentifier(w, identifier);
                }

                w.WriteEndArray();
            }

            if (IsDynamic)
            {
                // Required by the DAST schema, even when empty.
                w.WriteStartArray("scanned_resources");
                foreach (var resource in _scan.ScannedResources)
                {
                    if (resource.Method.Length > 0 && resource.Url.Length > 0 && resource.Type.Length > 0)
                    {
                        w.WriteStartObject();
                        w.WriteString("method", resource.Method);
                        w.WriteString("url", resource.Url);
                        w.WriteString("type", resource.Type);
                        w.WriteEndObject();
                    }
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        public void WriteSingle(Utf8JsonWriter w, Finding f) => WriteVulnerability(w, f);

        private void WriteVulnerability(Utf8JsonWriter w, Finding f)
        {
            w.WriteStartObject();
            w.WriteString("id", VulnerabilityIdentity.Compute(f, _projectId).ToString());
            w.WriteIfNotEmpty("name", Cut(f.Name, GitLabSchemaRules.MaxNameLength));
            w.WriteIfNotEmpty("description", Cut(f.Description, GitLabSchemaRules.MaxDescriptionLength));
            w.WriteString("severity", f.Severity.ToString());
            w.WriteIfNotEmpty("solution", Cut(f.Solution, GitLabSchemaRules.MaxSolutionLength));
            if (f.Analyzer != _analyzer)
            {
                // GitLab 14.x's per-vulnerability scanner: a report of one type fed by two analyzers
                // keeps saying which one found what. 15.x ignores it.
                w.WriteStartObject("scanner");
                w.WriteString("id", f.Analyzer);
                w.WriteString("name", $"{_scan.Tool.Name} {f.Analyzer}");
                w.WriteEndObject();
            }

            w.WriteStartArray("identifiers");
            foreach (var identifier in ValidIdentifiers(f))
            {
                WriteIdentifier(w, identifier);
            }

            w.WriteEndArray();

            WriteCvssVectors(w, f);
            WriteLinks(w, f);
            WriteDetails(w, f);
            WriteTracking(w, f);
            WriteFlags(w, f);
            WriteLocation(w, f.Location);

            if (IsDynamic)
            {
                if (f.Evidence is { } evidence)
                {
                    WriteEvidence(w, evidence);
                }

                WriteAssets(w, f);
            }

            if (_type is ReportType.Sast or ReportType.SecretDetection)
            {
                w.WriteIfNotEmpty("raw_source_code_extract", f.RawSourceCodeExtract);
            }

            w.WriteEndObject();
        }

        private string? Unwritable(Finding f)
        {
            if (ValidIdentifiers(f).Count == 0)
            {
                return "it has no identifier with a type and a value";
            }

            return (_type, f.Location) switch
            {
                (ReportType.Sast, SourceLocation) => null,
                (ReportType.SecretDetection, SecretLocation s) => s.Commit.Sha.Length == 0 ? "its commit has no sha" : null,
                (ReportType.DependencyScanning, DependencyLocation d) => d.File.Length == 0 ? "its location names no lockfile or manifest" : null,
                (ReportType.ContainerScanning, ContainerLocation c) =>
                    c.Image.Length == 0 || c.OperatingSystem.Length == 0 ? "its location names no image or no operating system" : null,
                (ReportType.ClusterImageScanning, ClusterImageLocation k) =>
                    k.Image.Length == 0 || !IsKubernetesName(k.Resource.Namespace) || !IsKubernetesName(k.Resource.Kind)
                    || !IsKubernetesName(k.Resource.Name) || !IsKubernetesName(k.Resource.ContainerName)
                        ? "its Kubernetes resource or image is incomplete"
                        : null,
                (ReportType.Dast or ReportType.ApiFuzzing, WebLocation) => null,
                (ReportType.CoverageFuzzing, CrashLocation) => null,
                _ => $"a {f.Location.GetType().Name} cannot be the location of a {_type.ToWireName()} vulnerability",
            };
        }

        private static bool IsKubernetesName(string value) => value.Length is > 0 and <= GitLabSchemaRules.MaxKubernetesField;

        private static List<Identifier> ValidIdentifiers(Finding f) =>
            f.Identifiers.Where(i => i.Type.Length > 0 && i.Value.Length > 0).ToList();

        private static void WriteIdentifier(Utf8JsonWriter w, Identifier identifier)
        {
            w.WriteStartObject();
            w.WriteString("type", identifier.Type);
            w.WriteString("name", identifier.Name.Length > 0 ? identifier.Name : identifier.Value);
            if (GitLabSchemaRules.IsLinkUrl(identifier.Url))
            {
                w.WriteString("url", identifier.Url);
            }

            w.WriteString("value", identifier.Value);
            w.WriteEndObject();
        }

        private static void WriteCvssVectors(Utf8JsonWriter w, Finding f)
        {
            var vectors = f.CvssVectors.Where(v => GitLabSchemaRules.IsAcceptedCvssVector(v.Vector))
                .Take(GitLabSchemaRules.MaxCvssVectors).ToList();
            if (vectors.Count == 0)
            {
                return;
            }

            w.WriteStartArray("cvss_vectors");
            foreach (var vector in vectors)
            {
                w.WriteStartObject();
                w.WriteString("vendor", vector.Vendor.Length > 0 ? vector.Vendor : "unknown");
                w.WriteString("vector", vector.Vector);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        private static void WriteLinks(Utf8JsonWriter w, Finding f)
        {
            var links = f.Links.Where(l => GitLabSchemaRules.IsLinkUrl(l.Url)).ToList();
            if (links.Count == 0)
            {
                return;
            }

            w.WriteStartArray("links");
            foreach (var link in links)
            {
                w.WriteStartObject();
                w.WriteIfNotEmpty("name", link.Name);
                w.WriteString("url", link.Url);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        private static void WriteDetails(Utf8JsonWriter w, Finding f)
        {
            var details = f.Details is { ValueKind: JsonValueKind.Object } d ? d : (JsonElement?)null;
            var flows = f.CodeFlows
                .Select(flow => flow.Steps.Where(s => s.Location.StartLine is >= 1).ToList())
                .Where(steps => steps.Count > 0)
                .Take(GitLabSchemaRules.MaxCodeFlows)
                .ToList();
            if (details is null && flows.Count == 0 && f.Properties.IsEmpty)
            {
                return;
            }

            w.WriteStartObject("details");
            if (details is { } given)
            {
                foreach (var member in given.EnumerateObject())
                {
                    // Ours are written below; a same-named entry would make a duplicate key.
                    if ((member.NameEquals(CodeFlowsDetail) && flows.Count > 0)
                        || (member.NameEquals(PropertiesDetail) && !f.Properties.IsEmpty))
                    {
                        continue;
                    }

                    member.WriteTo(w);
                }
            }

            if (flows.Count > 0)
            {
                w.WriteStartObject(CodeFlowsDetail);
                w.WriteString("name", "Code flows");
                w.WriteString("type", "code-flows");
                w.WriteStartArray("items");
                foreach (var steps in flows)
                {
                    w.WriteStartArray();
                    for (var i = 0; i < steps.Count; i++)
                    {
                        w.WriteStartObject();
                        w.WriteString("type", "code-flow-node");
                        w.WriteString("node_type", i == 0 ? "source" : i == steps.Count - 1 ? "sink" : "propagation");
                        WriteFileLocation(w, steps[i].Location);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            if (!f.Properties.IsEmpty)
            {
                w.WriteStartObject(PropertiesDetail);
                w.WriteString("name", "Bulwark properties");
                w.WriteString("type", "named-list");
                w.WriteStartObject("items");
                foreach (var (key, value) in f.Properties)
                {
                    w.WriteStartObject(key);
                    w.WriteString("name", key.Length > 0 ? key : "(unnamed)");
                    w.WriteString("type", "text");
                    w.WriteString("value", value);
                    w.WriteEndObject();
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        private static void WriteFileLocation(Utf8JsonWriter w, SourceLocation location)
        {
            w.WriteStartObject("file_location");
            w.WriteString("type", "file-location");
            w.WriteString("file_name", location.File.Length > 0 ? location.File : "(unknown)");
            w.WriteNumber("line_start", location.StartLine!.Value);
            if (location.EndLine is >= 1)
            {
                w.WriteNumber("line_end", location.EndLine.Value);
            }

            // The schema wants both columns or neither.
            if (location is { StartColumn: >= 1, EndColumn: >= 1 })
            {
                w.WriteNumber("column_start", location.StartColumn.Value);
                w.WriteNumber("column_end", location.EndColumn.Value);
            }

            w.WriteEndObject();
        }

        private static void WriteTracking(Utf8JsonWriter w, Finding f)
        {
            // "source" is the only tracking type the schema defines.
            if (f.Tracking is not { Type: "source" } tracking)
            {
                return;
            }

            w.WriteStartObject("tracking");
            w.WriteString("type", tracking.Type);
            w.WriteStartArray("items");
            foreach (var item in tracking.Items.Where(i => !i.Signatures.IsEmpty))
            {
                w.WriteStartObject();
                w.WriteIfNotEmpty("file", item.File);
                w.WriteIfPresent("start_line", item.StartLine);
                w.WriteIfPresent("end_line", item.EndLine);
                w.WriteStartArray("signatures");
                foreach (var signature in item.Signatures)
                {
                    w.WriteStartObject();
                    w.WriteString("algorithm", signature.Algorithm);
                    w.WriteString("value", signature.Value);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        private static void WriteFlags(Utf8JsonWriter w, Finding f)
        {
            var flags = f.Flags.Where(GitLabSchemaRules.IsFlag).ToList();
            if (flags.Count == 0)
            {
                return;
            }

            w.WriteStartArray("flags");
            foreach (var flag in flags)
            {
                w.WriteStartObject();
                w.WriteString("type", flag.Type);
                w.WriteString("origin", flag.Origin);
                w.WriteString("description", flag.Description);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        private static void WriteLocation(Utf8JsonWriter w, Location location)
        {
            w.WriteStartObject("location");
            switch (location)
            {
                case SourceLocation s:
                    w.WriteIfNotEmpty("file", s.File);
                    w.WriteIfPresent("start_line", s.StartLine);
                    w.WriteIfPresent("end_line", s.EndLine);
                    w.WriteIfNotEmpty("class", s.Class);
                    w.WriteIfNotEmpty("method", s.Method);
                    break;
                case SecretLocation s:
                    w.WriteIfNotEmpty("file", s.File);
                    w.WriteStartObject("commit");
                    w.WriteIfNotEmpty("author", CommitAuthor(s.Commit));
                    if (s.Commit.Date is { } date)
                    {
                        w.WriteString("date", date.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
                    }

                    w.WriteIfNotEmpty("message", s.Commit.Message);
                    w.WriteString("sha", s.Commit.Sha);
                    w.WriteEndObject();
                    w.WriteNumber("start_line", s.StartLine);
                    w.WriteNumber("end_line", s.EndLine);
                    break;
                case DependencyLocation d:
                    w.WriteString("file", d.File);
                    WriteDependency(w, d.Dependency);
                    break;
                case ContainerLocation c:
                    WriteDependency(w, c.Dependency);
                    w.WriteString("operating_system", c.OperatingSystem);
                    w.WriteString("image", c.Image);
                    if (c.DefaultBranchImage is { Length: > 0 and <= 255 } defaultBranchImage)
                    {
                        w.WriteString("default_branch_image", defaultBranchImage);
                    }

                    break;
                case ClusterImageLocation k:
                    WriteDependency(w, k.Dependency);
                    if (k.OperatingSystem is { Length: > 0 and <= 255 } operatingSystem)
                    {
                        w.WriteString("operating_system", operatingSystem);
                    }

                    w.WriteString("image", k.Image);
                    w.WriteStartObject("kubernetes_resource");
                    w.WriteString("namespace", k.Resource.Namespace);
                    w.WriteString("kind", k.Resource.Kind);
                    w.WriteString("name", k.Resource.Name);
                    w.WriteString("container_name", k.Resource.ContainerName);
                    if (k.Resource.AgentId is { Length: > 0 and <= 255 } agentId)
                    {
                        w.WriteString("agent_id", agentId);
                    }

                    if (k.Resource.ClusterId is { Length: > 0 and <= 255 } clusterId)
                    {
                        w.WriteString("cluster_id", clusterId);
                    }

                    w.WriteEndObject();
                    break;
                case WebLocation web:
                    w.WriteIfNotEmpty("hostname", web.Hostname);
                    w.WriteIfNotEmpty("method", web.Method);
                    w.WriteIfNotEmpty("param", web.Param);
                    w.WriteIfNotEmpty("path", web.Path);
                    break;
                case CrashLocation crash:
                    w.WriteIfNotEmpty("crash_address", crash.CrashAddress);
                    w.WriteIfNotEmpty("stacktrace_snippet", crash.StacktraceSnippet);
                    w.WriteIfNotEmpty("crash_state", crash.CrashState);
                    w.WriteIfNotEmpty("crash_type", crash.CrashType);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(location), location.GetType().Name, "unknown location type");
            }

            w.WriteEndObject();
        }

        private static void WriteDependency(Utf8JsonWriter w, DependencyReference dependency)
        {
            w.WriteStartObject("dependency");
            w.WriteStartObject("package");
            w.WriteString("name", dependency.Package);
            w.WriteEndObject();
            w.WriteString("version", dependency.Version);
            w.WriteIfPresent("direct", dependency.Direct);
            w.WriteEndObject();
        }

        /// <summary>GitLab has one author string; git's own "Name &lt;email&gt;" keeps both parts.</summary>
        private static string? CommitAuthor(Commit commit) => (commit.Author, commit.Email) switch
        {
            ({ Length: > 0 } author, { Length: > 0 } email) => $"{author} <{email}>",
            ({ Length: > 0 } author, _) => author,
            (_, { Length: > 0 } email) => $"<{email}>",
            _ => null,
        };

        private static void WriteEvidence(Utf8JsonWriter w, Evidence evidence)
        {
            w.WriteStartObject("evidence");
            if (evidence.Source is { Id.Length: > 0, Name.Length: > 0 } source)
            {
                w.WriteStartObject("source");
                w.WriteString("id", source.Id);
                w.WriteString("name", source.Name);
                w.WriteIfNotEmpty("url", source.Url);
                w.WriteEndObject();
            }

            w.WriteIfNotEmpty("summary", evidence.Summary);
            WriteRequest(w, evidence.Request);
            WriteResponse(w, evidence.Response);
            var messages = evidence.SupportingMessages.Where(m => m.Name.Length > 0).ToList();
            if (messages.Count > 0)
            {
                w.WriteStartArray("supporting_messages");
                foreach (var message in messages)
                {
                    w.WriteStartObject();
                    w.WriteString("name", message.Name);
                    WriteRequest(w, message.Request);
                    WriteResponse(w, message.Response);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        private static void WriteRequest(Utf8JsonWriter w, HttpRequest? request)
        {
            if (request is not { Method.Length: > 0, Url.Length: > 0 })
            {
                return;
            }

            w.WriteStartObject("request");
            WriteHeaders(w, request.Headers);
            w.WriteString("method", request.Method);
            w.WriteString("url", request.Url);
            if (request.Body is not null)
            {
                w.WriteString("body", request.Body);
            }

            w.WriteEndObject();
        }

        private static void WriteResponse(Utf8JsonWriter w, HttpResponse? response)
        {
            if (response is null)
            {
                return;
            }

            w.WriteStartObject("response");
            WriteHeaders(w, response.Headers);
            w.WriteString("reason_phrase", response.ReasonPhrase);
            w.WriteNumber("status_code", response.StatusCode);
            if (response.Body is not null)
            {
                w.WriteString("body", response.Body);
            }

            w.WriteEndObject();
        }

        private static void WriteHeaders(Utf8JsonWriter w, EquatableArray<HttpHeader> headers)
        {
            w.WriteStartArray("headers");
            foreach (var header in headers.Where(h => h.Name.Length > 0))
            {
                w.WriteStartObject();
                w.WriteString("name", header.Name);
                w.WriteString("value", header.Value);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        private static void WriteAssets(Utf8JsonWriter w, Finding f)
        {
            var assets = f.Assets.Where(GitLabSchemaRules.IsAsset).ToList();
            if (assets.Count == 0)
            {
                return;
            }

            w.WriteStartArray("assets");
            foreach (var asset in assets)
            {
                w.WriteStartObject();
                w.WriteString("type", asset.Type);
                w.WriteString("name", asset.Name);
                w.WriteString("url", asset.Url);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        private static void WriteVendor(Utf8JsonWriter w, ToolInfo tool)
        {
            w.WriteStartObject("vendor");
            w.WriteString("name", tool.Vendor.Length > 0 ? tool.Vendor : NonEmpty(tool.Name));
            w.WriteEndObject();
        }

        private static string MessageLevel(WarningLevel level) => level switch
        {
            WarningLevel.Info => "info",
            WarningLevel.Error => "fatal",
            _ => "warn",
        };

        private static string NonEmpty(string value) => value.Length > 0 ? value : "unknown";

        private static string? Cut(string? text, int maxLength) => text is null ? null : ReportJson.Truncate(text, maxLength);
    }
}
