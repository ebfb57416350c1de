using System.Buffers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bulwark.Core.Findings;
using Bulwark.Core.Inventory;

namespace Bulwark.Core.Reports.GitLab;

/// <summary>
/// Reads any GitLab security report (schema 15.x, and 14.x's extra fields such as a vulnerability's
/// <c>scanner</c>, <c>category</c> and <c>message</c>) back into findings. A finding's analyzer is the
/// vulnerability's own <c>scanner.id</c> when it has one, else <c>scan.analyzer.id</c>, else
/// <c>scan.scanner.id</c>; its rule id is its primary identifier's value. Input that is not JSON or lacks
/// what the schema requires raises <see cref="ReportFormatException"/> naming the field.
/// </summary>
public static partial class GitLabReportReader
{
    internal const string Format = "GitLab";

    public static GitLabReport Read(Stream input)
    {
        using var document = ReportJson.Parse(input, Format);
        return Read(document);
    }

    public static async Task<GitLabReport> ReadAsync(Stream input, CancellationToken cancellationToken = default)
    {
        using var document = await ReportJson.ParseAsync(input, Format, cancellationToken);
        return Read(document);
    }

    private static GitLabReport Read(JsonDocument document)
    {
        var root = ReportElement.Root(document, Format).ExpectObject();
        var vulnerabilities = root.Required("vulnerabilities").Items().ToList();
        var report = ReadHeader(root, vulnerabilities.FirstOrDefault());
        return report with
        {
            Findings = vulnerabilities.Select(v => ReadFinding(v, report.ReportType, report.Analyzer)).ToEquatableArray(),
            Components = root.Items("dependency_files").SelectMany(ReadDependencyFile).ToEquatableArray(),
        };
    }

    /// <summary>
    /// Everything but the findings. <paramref name="firstVulnerability"/> stands in for what reports before
    /// 15.0 could leave out of <c>scan</c> (or lack <c>scan</c> for): the type (<c>category</c>) and the scanner.
    /// </summary>
    internal static GitLabReport ReadHeader(ReportElement root, ReportElement? firstVulnerability)
    {
        root.ExpectObject();
        var version = root.RequiredText("version");
        root.Required("vulnerabilities");
        var scan = root.Optional("scan")?.ExpectObject();
        var type = ReadReportType(root, scan, firstVulnerability);

        var scannerElement = scan?.Optional("scanner") ?? firstVulnerability?.Optional("scanner");
        var analyzerElement = scan?.Optional("analyzer");
        if (scannerElement is null && analyzerElement is null)
        {
            throw scan?.Error("names neither an analyzer nor a scanner")
                ?? root.Error("has no scan and its vulnerabilities name no scanner: $.scan is required");
        }

        var scanner = ReadTool((scannerElement ?? analyzerElement)!);
        var analyzer = analyzerElement?.RequiredText("id") ?? scannerElement!.RequiredText("id");

        var warnings = scan?.Items("messages").Select(ReadMessage).ToList() ?? [];
        var status = scan?.OptionalString("status");
        var succeeded = status is null or "success";
        if (status is not (null or "success" or "failure"))
        {
            throw scan!.Required("status").Error($"must be 'success' or 'failure', not '{status}'");
        }

        return new GitLabReport
        {
            ReportType = type,
            SchemaVersion = version,
            Scanner = scanner,
            Analyzer = analyzer,
            AnalyzerVersion = analyzerElement?.OptionalText("version"),
            StartedAt = ReportJson.ParseTime(scan?.Optional("start_time")),
            FinishedAt = ReportJson.ParseTime(scan?.Optional("end_time")),
            Succeeded = succeeded,
            FailureReason = succeeded ? null : warnings.FirstOrDefault(w => w.Level == WarningLevel.Error)?.Message,
            Warnings = warnings.ToEquatableArray(),
            PrimaryIdentifiers = scan?.Items("primary_identifiers").Select(ReadIdentifier).ToEquatableArray() ?? default,
            ScannedResources = scan?.Items("scanned_resources")
                .Select(r => new ScannedResource(r.RequiredText("method"), r.RequiredText("url"), r.OptionalText("type") ?? "url"))
                .ToEquatableArray() ?? default,
        };
    }

    private static ReportType ReadReportType(ReportElement root, ReportElement? scan, ReportElement? firstVulnerability)
    {
        // Reports before 15.0 carried the type on each vulnerability as "category" too.
        var typeElement = scan?.Optional("type") ?? firstVulnerability?.Optional("category");
        if (typeElement is null)
        {
            throw scan?.Error("has no type (scan.type is required)")
                ?? root.Error("has no scan and its vulnerabilities name no category: $.scan is required");
        }

        var name = typeElement.AsString();
        return ReportTypeNames.TryParse(name, out var type)
            ? type
            : throw typeElement.Error($"is not a GitLab report type: '{name}'");
    }

    private static ToolInfo ReadTool(ReportElement element) => new(
        element.OptionalText("name") ?? element.RequiredText("id"),
        element.OptionalText("version") ?? string.Empty,
        element.Optional("vendor")?.OptionalText("name") ?? string.Empty,
        element.OptionalText("url"));

    private static ScanWarning ReadMessage(ReportElement message)
    {
        var level = message.Required("level");
        return new ScanWarning(message.RequiredString("value"), Level: level.AsString() switch
        {
            "info" => WarningLevel.Info,
            "warn" => WarningLevel.Warning,
            "fatal" => WarningLevel.Error,
            var other => throw level.Error($"must be info, warn or fatal, not '{other}'"),
        });
    }

    /// <summary>
    /// One <c>vulnerabilities[]</c> element, as GitLab reads it: the title is <c>message</c> (14.x), else
    /// <c>name</c>, else "&lt;CVE, CWE or first identifier&gt; in &lt;file&gt;"; 14.x's <c>confidence</c> and
    /// <c>cve</c> (the old compare key) are kept as properties.
    /// </summary>
    internal static Finding ReadFinding(ReportElement v, ReportType type, string scanAnalyzer)
    {
        v.ExpectObject();
        var identifiersElement = v.Required("identifiers");
        var identifiers = identifiersElement.Items().Select(ReadIdentifier).ToEquatableArray();
        if (identifiers.IsEmpty)
        {
            throw identifiersElement.Error("must hold at least one identifier");
        }

        var severityText = v.OptionalString("severity");
        SeverityScale.TryParse(severityText, out var severity);
        var (details, codeFlows, properties) = ReadDetails(v.Optional("details"));
        var location = ReadLocation(v.Required("location").ExpectObject(), type);
        var legacy = new List<KeyValuePair<string, string>>();
        if (v.OptionalText("confidence") is { } confidence)
        {
            legacy.Add(KeyValuePair.Create(ConfidenceProperty, confidence.ToLowerInvariant()));
        }

        if (v.OptionalText("cve") is { } compareKey)
        {
            legacy.Add(KeyValuePair.Create(CompareKeyProperty, compareKey));
        }

        return new Finding
        {
            ReportType = type,
            Analyzer = v.Optional("scanner")?.OptionalText("id") ?? scanAnalyzer,
            RuleId = identifiers[0].Value,
            Identifiers = identifiers,
            Location = location,
            Name = v.OptionalText("message") ?? v.OptionalText("name") ?? DefaultName(identifiers, location),
            Description = v.OptionalText("description"),
            Solution = v.OptionalText("solution"),
            Severity = severity,
            Links = v.Items("links").Select(l => new Link(l.RequiredString("url"), l.OptionalText("name"))).ToEquatableArray(),
            CvssVectors = v.Items("cvss_vectors")
                .Select(c => new CvssVector(c.OptionalText("vendor") ?? "unknown", c.RequiredText("vector"))).ToEquatableArray(),
            Tracking = ReadTracking(v.Optional("tracking")),
            Flags = v.Items("flags")
                .Select(f => new Flag(f.RequiredString("type"), f.RequiredString("origin"), f.RequiredString("description")))
                .ToEquatableArray(),
            Evidence = v.Optional("evidence") is { } evidence ? ReadEvidence(evidence) : null,
            Assets = v.Items("assets")
                .Select(a => new Asset(a.RequiredString("type"), a.RequiredString("name"), a.RequiredString("url"))).ToEquatableArray(),
            Details = details,
            RawSourceCodeExtract = v.OptionalString("raw_source_code_extract"),
            CodeFlows = codeFlows,
            Properties = legacy.Count == 0
                ? properties
                : properties.Concat(legacy).OrderBy(p => p.Key, StringComparer.Ordinal).ToEquatableArray(),
        };
    }

    /// <summary>14.x's <c>confidence</c> (lower case: <c>high</c>, <c>unknown</c>…).</summary>
    public const string ConfidenceProperty = "confidence";

    /// <summary>14.x's <c>cve</c>: despite the name, the analyzer's compare key, not necessarily a CVE.</summary>
    public const string CompareKeyProperty = "compare-key";

    /// <summary>GitLab's title for a vulnerability that has none.</summary>
    private static string DefaultName(EquatableArray<Identifier> identifiers, Location location)
    {
        var identifier = identifiers.FirstOrDefault(i => i.Type.Equals("cve", StringComparison.OrdinalIgnoreCase))
            ?? identifiers.FirstOrDefault(i => i.Type.Equals("cwe", StringComparison.OrdinalIgnoreCase))
            ?? identifiers[0];
        var path = location.Target;
        return string.IsNullOrEmpty(path) ? identifier.Name : $"{identifier.Name} in {path}";
    }

    /// <summary>
    /// One <c>dependency_files[]</c> element of a 14.x dependency scanning report: the packages a lockfile
    /// declares, which GitLab showed as the dependency list.
    /// </summary>
    /// <summary>
    /// One entry of <c>dependency_files</c>, as Gemnasium writes it in 14.x reports and keeps writing in 15.x ones
    /// (the 15.x schemas no longer list it but allow it): the lock file, its package manager and its packages, each
    /// with an <c>iid</c> and, when transitive, the <c>dependency_path</c> of iids that brought it in, from the direct
    /// dependency down. Older reports lack iids and paths; their packages are read all the same.
    /// </summary>
    internal static IEnumerable<Component> ReadDependencyFile(ReportElement file)
    {
        var path = file.RequiredText("path");
        var packageManager = file.OptionalText("package_manager");
        var ecosystem = EcosystemOf(packageManager);
        var packages = file.Items("dependencies").Select(d =>
        {
            var name = d.Required("package").RequiredText("name");
            // Gemnasium writes Maven packages as group/artifact; the inventory names them group:artifact.
            name = ecosystem == "Maven" ? name.Replace('/', ':') : name;
            var version = d.OptionalText("version");
            var ancestors = d.Items("dependency_path").Select(step => step.OptionalInt("iid")).OfType<int>().ToList();
            return (Iid: d.OptionalInt("iid"), Ancestors: ancestors, Component: new Component
            {
                Name = name,
                Version = version,
                Ecosystem = ecosystem,
                Purl = PurlOf(ecosystem, name, version),
                IsDirect = d.OptionalBool("direct") ?? false,
                SourceFile = path,
            });
        }).ToList();

        var byIid = new Dictionary<int, Component>();
        foreach (var package in packages)
        {
            if (package.Iid is { } iid)
            {
                byIid.TryAdd(iid, package.Component);
            }
        }

        return packages.Select(p =>
        {
            // A path naming an iid the file does not have is left out rather than shown broken.
            if (p.Ancestors.Count == 0 || !p.Ancestors.All(byIid.ContainsKey))
            {
                return p.Component;
            }

            var steps = p.Ancestors.Select(iid => byIid[iid].Reference).Append(p.Component.Reference).ToEquatableArray();
            return p.Component with { DependencyPaths = new[] { new DependencyPath(steps) }.ToEquatableArray() };
        }).ToList();
    }

    /// <summary>The package URL of a package named as its ecosystem names it (Maven group:artifact, Go and Composer paths).</summary>
    private static string? PurlOf(string? ecosystem, string name, string? version)
    {
        var (type, split) = ecosystem switch
        {
            "npm" => ("npm", '/'),
            "PyPI" => ("pypi", '\0'),
            "Maven" => ("maven", ':'),
            "RubyGems" => ("gem", '\0'),
            "Packagist" => ("composer", '/'),
            "Go" => ("golang", '/'),
            "NuGet" => ("nuget", '\0'),
            "ConanCenter" => ("conan", '\0'),
            "crates.io" => ("cargo", '\0'),
            _ => (null, '\0'),
        };
        if (type is null)
        {
            return null;
        }

        var cut = split == '\0' ? -1 : name.LastIndexOf(split);
        return cut <= 0
            ? Purl.Build(type, null, type == "pypi" ? name.ToLowerInvariant() : name, version)
            : Purl.Build(type, name[..cut], name[(cut + 1)..], version);
    }

    private static string? EcosystemOf(string? packageManager) => packageManager?.ToLowerInvariant() switch
    {
        "npm" or "yarn" or "pnpm" => "npm",
        "pip" or "pipenv" or "poetry" or "setuptools" => "PyPI",
        "maven" or "gradle" or "sbt" => "Maven",
        "bundler" => "RubyGems",
        "composer" => "Packagist",
        "go" => "Go",
        "nuget" => "NuGet",
        "conan" => "ConanCenter",
        "cargo" => "crates.io",
        _ => null,
    };

    private static Identifier ReadIdentifier(ReportElement i)
    {
        var value = i.RequiredText("value");
        return new Identifier(i.RequiredText("type"), i.OptionalText("name") ?? value, value, i.OptionalText("url"));
    }

    private static Location ReadLocation(ReportElement l, ReportType type) => type switch
    {
        ReportType.Sast => new SourceLocation(
            l.OptionalString("file") ?? string.Empty,
            l.OptionalInt("start_line"),
            l.OptionalInt("end_line"),
            Class: l.OptionalText("class"),
            Method: l.OptionalText("method")),
        ReportType.SecretDetection => ReadSecretLocation(l),
        ReportType.DependencyScanning => new DependencyLocation(l.RequiredText("file"), ReadDependency(l)),
        ReportType.ContainerScanning => new ContainerLocation(
            l.RequiredText("image"),
            l.OptionalString("operating_system") ?? string.Empty,
            ReadDependency(l),
            l.OptionalText("default_branch_image")),
        ReportType.ClusterImageScanning => ReadClusterImageLocation(l),
        ReportType.Dast or ReportType.ApiFuzzing => new WebLocation(
            l.OptionalText("hostname"), l.OptionalText("method"), l.OptionalText("path"), l.OptionalText("param")),
        ReportType.CoverageFuzzing => new CrashLocation(
            l.OptionalText("crash_address"), l.OptionalText("crash_type"), l.OptionalText("crash_state"), l.OptionalText("stacktrace_snippet")),
        _ => throw l.Error($"cannot be read for report type {type}"),
    };

    private static SecretLocation ReadSecretLocation(ReportElement l)
    {
        // 14.x secret reports could lack the commit; such findings are in the working tree.
        var commit = l.Optional("commit") is { } c ? ReadCommit(c) : Commit.WorkingTree;
        var start = l.OptionalInt("start_line") ?? 0;
        return new SecretLocation(l.OptionalString("file") ?? string.Empty, commit, start, l.OptionalInt("end_line") ?? start);
    }

    private static Commit ReadCommit(ReportElement c)
    {
        var (author, email) = SplitAuthor(c.OptionalText("author"));
        return new Commit(c.RequiredText("sha"), author, email, ReportJson.ParseTime(c.Optional("date")), c.OptionalText("message"));
    }

    private static (string? Author, string? Email) SplitAuthor(string? text)
    {
        if (text is null)
        {
            return (null, null);
        }

        var match = AuthorWithEmail().Match(text);
        return match.Success
            ? (match.Groups["name"].Value is { Length: > 0 } name ? name : null, match.Groups["email"].Value)
            : (text, null);
    }

    /// <summary>
    /// The package a location names. Gemnasium's reports of schema 3.0 sometimes name none (<c>"package": {}</c>) and
    /// GitLab reads them all the same, so a missing name is an empty one rather than a refused report.
    /// </summary>
    private static DependencyReference ReadDependency(ReportElement l)
    {
        var dependency = l.Required("dependency").ExpectObject();
        return new DependencyReference(
            dependency.Required("package").ExpectObject().OptionalString("name") ?? string.Empty,
            dependency.OptionalString("version") ?? string.Empty,
            dependency.OptionalBool("direct"));
    }

    private static ClusterImageLocation ReadClusterImageLocation(ReportElement l)
    {
        var resource = l.Required("kubernetes_resource").ExpectObject();
        return new ClusterImageLocation(
            l.RequiredText("image"),
            ReadDependency(l),
            new KubernetesResource(
                resource.RequiredText("namespace"),
                resource.RequiredText("kind"),
                resource.RequiredText("name"),
                resource.RequiredText("container_name"),
                resource.OptionalText("agent_id"),
                resource.OptionalText("cluster_id")),
            l.OptionalText("operating_system"));
    }

    private static Tracking? ReadTracking(ReportElement? tracking)
    {
        if (tracking is null)
        {
            return null;
        }

        var items = tracking.Required("items").Items().Select(item => new TrackingItem(
            item.Required("signatures").Items()
                .Select(s => new TrackingSignature(s.RequiredString("algorithm"), s.RequiredString("value"))).ToEquatableArray(),
            item.OptionalText("file"),
            item.OptionalInt("start_line"),
            item.OptionalInt("end_line")));
        return new Tracking(items.ToEquatableArray(), tracking.OptionalText("type") ?? "source");
    }

    private static Evidence ReadEvidence(ReportElement e) => new(
        e.OptionalString("summary"),
        e.Optional("source") is { } s ? new EvidenceSource(s.RequiredText("id"), s.RequiredText("name"), s.OptionalText("url")) : null,
        ReadRequest(e.Optional("request")),
        ReadResponse(e.Optional("response")),
        e.Items("supporting_messages")
            .Select(m => new SupportingMessage(m.RequiredText("name"), ReadRequest(m.Optional("request")), ReadResponse(m.Optional("response"))))
            .ToEquatableArray());

    private static HttpRequest? ReadRequest(ReportElement? r) => r is null
        ? null
        : new HttpRequest(r.RequiredText("method"), r.RequiredText("url"), ReadHeaders(r), r.OptionalString("body"));

    private static HttpResponse? ReadResponse(ReportElement? r) => r is null
        ? null
        : new HttpResponse(r.Required("status_code").AsInt(), r.OptionalString("reason_phrase") ?? string.Empty, ReadHeaders(r), r.OptionalString("body"));

    private static EquatableArray<HttpHeader> ReadHeaders(ReportElement r) =>
        r.Items("headers").Select(h => new HttpHeader(h.RequiredText("name"), h.OptionalString("value") ?? string.Empty)).ToEquatableArray();

    /// <summary>
    /// Splits <c>details</c>: code-flows entries become <see cref="Finding.CodeFlows"/>, our
    /// <c>bulwark_properties</c> list becomes <see cref="Finding.Properties"/>, the rest stays as JSON.
    /// </summary>
    private static (JsonElement? Details, EquatableArray<CodeFlow> CodeFlows, EquatableArray<KeyValuePair<string, string>> Properties) ReadDetails(ReportElement? details)
    {
        if (details is null)
        {
            return (null, default, default);
        }

        details.ExpectObject();
        var flows = new List<CodeFlow>();
        var properties = new List<KeyValuePair<string, string>>();
        var kept = new List<JsonProperty>();
        foreach (var member in details.Value.EnumerateObject())
        {
            var entry = new ReportElement(member.Value, $"{details.Path}.{member.Name}", Format);
            var entryType = member.Value.ValueKind == JsonValueKind.Object ? entry.OptionalString("type") : null;
            if (entryType == "code-flows")
            {
                flows.AddRange(entry.Required("items").Items().Select(ReadCodeFlow));
            }
            else if (member.NameEquals(GitLabReportWriter.PropertiesDetail) && entryType == "named-list")
            {
                properties.AddRange(entry.Required("items").Members()
                    .Select(p => KeyValuePair.Create(p.Name, p.Value.Optional("value")?.AsScalarText() ?? string.Empty)));
            }
            else
            {
                kept.Add(member);
            }
        }

        JsonElement? remaining;
        if (flows.Count == 0 && properties.Count == 0)
        {
            remaining = details.Value.Clone();
        }
        else if (kept.Count == 0)
        {
            remaining = null;
        }
        else
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                foreach (var member in kept)
                {
                    member.WriteTo(writer);
                }

                writer.WriteEndObject();
            }

            using var rebuilt = JsonDocument.Parse(buffer.WrittenMemory);
            remaining = rebuilt.RootElement.Clone();
        }

        return (remaining, flows.ToEquatableArray(), properties.ToEquatableArray());
    }

    private static CodeFlow ReadCodeFlow(ReportElement flow) => new(flow.Items().Select(node =>
    {
        var location = node.Required("file_location");
        return new CodeFlowStep(new SourceLocation(
            location.RequiredText("file_name"),
            location.Required("line_start").AsInt(),
            location.OptionalInt("line_end"),
            location.OptionalInt("column_start"),
            location.OptionalInt("column_end")));
    }).ToEquatableArray());

    [GeneratedRegex(@"^(?<name>.*?)\s*<(?<email>[^<>]+)>$")]
    private static partial Regex AuthorWithEmail();
}
