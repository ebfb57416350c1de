using System.Globalization;
using System.Text.Json;
using Bulwark.Core.Findings;
using Bulwark.Core.Inventory;

namespace Bulwark.Core.Reports.Native;

/// <summary>
/// Reads <c>bulwark.json</c> back into the <see cref="ScanResult"/> it was written from (in
/// <see cref="NativeReportWriter.Canonical"/> order). Another format or version, or a malformed field,
/// raises <see cref="ReportFormatException"/> naming the field.
/// </summary>
public static class NativeReportReader
{
    internal const string Format = "Bulwark";

    public static ScanResult Read(Stream input)
    {
        using var document = ReportJson.Parse(input, Format);
        return Read(document);
    }

    public static async Task<ScanResult> ReadAsync(Stream input, CancellationToken cancellationToken = default)
    {
        using var document = await ReportJson.ParseAsync(input, Format, cancellationToken);
        return Read(document);
    }

    private static ScanResult Read(JsonDocument document)
    {
        var root = ReportElement.Root(document, Format);
        return ReadHeader(root) with
        {
            Components = root.Items("components").Select(ReadComponent).ToEquatableArray(),
            Findings = root.Items("findings").Select(ReadFinding).ToEquatableArray(),
        };
    }

    /// <summary>Everything but the findings and components.</summary>
    internal static ScanResult ReadHeader(ReportElement root)
    {
        root.ExpectObject();
        var format = root.Required("format");
        if (format.AsString() != NativeReportWriter.FormatName)
        {
            throw format.Error($"must be '{NativeReportWriter.FormatName}', not '{format.AsString()}'");
        }

        var version = root.Required("formatVersion");
        if (version.AsInt() != NativeReportWriter.FormatVersion)
        {
            throw version.Error($"is {version.AsInt().ToString(CultureInfo.InvariantCulture)}; this Bulwark reads version {NativeReportWriter.FormatVersion.ToString(CultureInfo.InvariantCulture)}");
        }

        var tool = root.Required("tool");
        return new ScanResult
        {
            Tool = new ToolInfo(tool.RequiredString("name"), tool.RequiredString("version"), tool.RequiredString("vendor"), tool.OptionalString("url")),
            Target = root.RequiredString("target"),
            StartedAt = Time(root.Required("startedAt")),
            FinishedAt = Time(root.Required("finishedAt")),
            Completed = root.Required("completed").AsBool(),
            IncompleteReason = root.OptionalString("incompleteReason"),
            Walk = root.Optional("walk") is { } walk
                ? new WalkStatistics(
                    walk.RequiredLong("filesSeen"),
                    walk.RequiredLong("bytesSeen"),
                    walk.RequiredLong("filesIgnored"),
                    walk.RequiredLong("binaryFiles"),
                    walk.RequiredLong("oversizedFiles"),
                    walk.RequiredLong("unreadableFiles"))
                : null,
            Analyzers = root.Items("analyzers").Select(ReadAnalyzer).ToEquatableArray(),
            Warnings = root.Items("warnings").Select(ReadWarning).ToEquatableArray(),
            ScannedResources = root.Items("scannedResources")
                .Select(r => new ScannedResource(r.RequiredString("method"), r.RequiredString("url"), r.RequiredString("type")))
                .ToEquatableArray(),
        };
    }

    /// <summary>The analyzer and report type of a <c>findings[]</c> element: the section it belongs to.</summary>
    internal static (string Analyzer, ReportType ReportType) ReadSectionKey(ReportElement f) =>
        (f.ExpectObject().RequiredString("analyzer"), ReadReportType(f.Required("reportType")));

    private static DateTimeOffset Time(ReportElement element)
    {
        var text = element.AsString();
        return DateTimeOffset.TryParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw element.Error($"is not a round-trip (\"O\") date and time: '{text}'");
    }

    private static AnalyzerRun ReadAnalyzer(ReportElement a)
    {
        var elapsed = a.Required("elapsed");
        return new AnalyzerRun(
            a.RequiredString("name"),
            a.RequiredString("version"),
            TimeSpan.TryParseExact(elapsed.AsString(), "c", CultureInfo.InvariantCulture, out var span)
                ? span
                : throw elapsed.Error($"is not a duration (d.hh:mm:ss.fffffff): '{elapsed.AsString()}'"),
            a.RequiredLong("filesAnalyzed"),
            a.RequiredLong("bytesAnalyzed"),
            a.Required("findingCount").AsInt(),
            a.Required("componentCount").AsInt())
        {
            ReportType = a.Optional("reportType") is { } type ? ReadReportType(type) : null,
        };
    }

    private static ScanWarning ReadWarning(ReportElement x)
    {
        var level = x.Required("level");
        return new ScanWarning(
            x.RequiredString("message"),
            x.OptionalString("path"),
            x.OptionalString("analyzer"),
            level.AsString() switch
            {
                "info" => WarningLevel.Info,
                "warning" => WarningLevel.Warning,
                "error" => WarningLevel.Error,
                var other => throw level.Error($"must be info, warning or error, not '{other}'"),
            });
    }

    internal static Component ReadComponent(ReportElement c) => new()
    {
        Name = c.RequiredString("name"),
        Version = c.OptionalString("version"),
        Ecosystem = c.OptionalString("ecosystem"),
        Purl = c.OptionalString("purl"),
        Licenses = Strings(c.Items("licenses")),
        IsDirect = c.Required("direct").AsBool(),
        IsDevelopment = c.Required("development").AsBool(),
        IsOptional = c.Required("optional").AsBool(),
        SourceFile = c.OptionalString("sourceFile"),
        DependsOn = Strings(c.Items("dependsOn")),
        DependencyPaths = c.Items("dependencyPaths").Select(p => new DependencyPath(Strings(p.Items()))).ToEquatableArray(),
    };

    internal static Finding ReadFinding(ReportElement f)
    {
        f.ExpectObject();
        var severity = f.Required("severity");
        return new Finding
        {
            ReportType = ReadReportType(f.Required("reportType")),
            Analyzer = f.RequiredString("analyzer"),
            RuleId = f.RequiredString("ruleId"),
            Severity = Enum.TryParse<Severity>(severity.AsString(), ignoreCase: false, out var s) && Enum.IsDefined(s) && !int.TryParse(severity.AsString(), out _)
                ? s
                : throw severity.Error($"is not a severity: '{severity.AsString()}'"),
            Name = f.OptionalString("name"),
            Description = f.OptionalString("description"),
            Solution = f.OptionalString("solution"),
            Identifiers = f.Required("identifiers").Items()
                .Select(i => new Identifier(i.RequiredString("type"), i.RequiredString("name"), i.RequiredString("value"), i.OptionalString("url")))
                .ToEquatableArray(),
            Location = ReadLocation(f.Required("location")),
            Links = f.Items("links").Select(l => new Link(l.RequiredString("url"), l.OptionalString("name"))).ToEquatableArray(),
            CvssVectors = f.Items("cvssVectors").Select(v => new CvssVector(v.RequiredString("vendor"), v.RequiredString("vector"))).ToEquatableArray(),
            Tracking = f.Optional("tracking") is { } tracking
                ? new Tracking(
                    tracking.Required("items").Items().Select(item => new TrackingItem(
                        item.Required("signatures").Items()
                            .Select(x => new TrackingSignature(x.RequiredString("algorithm"), x.RequiredString("value"))).ToEquatableArray(),
                        item.OptionalString("file"),
                        item.OptionalInt("startLine"),
                        item.OptionalInt("endLine"))).ToEquatableArray(),
                    tracking.RequiredString("type"))
                : null,
            Flags = f.Items("flags").Select(x => new Flag(x.RequiredString("type"), x.RequiredString("origin"), x.RequiredString("description"))).ToEquatableArray(),
            Evidence = f.Optional("evidence") is { } e
                ? new Evidence(
                    e.OptionalString("summary"),
                    e.Optional("source") is { } source ? new EvidenceSource(source.RequiredString("id"), source.RequiredString("name"), source.OptionalString("url")) : null,
                    ReadRequest(e.Optional("request")),
                    ReadResponse(e.Optional("response")),
                    e.Items("supportingMessages")
                        .Select(m => new SupportingMessage(m.RequiredString("name"), ReadRequest(m.Optional("request")), ReadResponse(m.Optional("response"))))
                        .ToEquatableArray())
                : null,
            Assets = f.Items("assets").Select(a => new Asset(a.RequiredString("type"), a.RequiredString("name"), a.RequiredString("url"))).ToEquatableArray(),
            Details = f.Optional("details")?.Value.Clone(),
            RawSourceCodeExtract = f.OptionalString("rawSourceCodeExtract"),
            CodeFlows = f.Items("codeFlows").Select(flow => new CodeFlow(
                flow.Required("steps").Items().Select(step =>
                {
                    var location = step.Required("location");
                    return new CodeFlowStep(
                        ReadLocation(location) as SourceLocation ?? throw location.Error("must be a source location"),
                        step.OptionalString("message"));
                }).ToEquatableArray(),
                flow.OptionalString("message"))).ToEquatableArray(),
            Properties = f.Optional("properties")?.Members()
                .Select(p => KeyValuePair.Create(p.Name, p.Value.AsString())).ToEquatableArray() ?? default,
        };
    }

    private static ReportType ReadReportType(ReportElement element) =>
        ReportTypeNames.TryParse(element.AsString(), out var type) ? type : throw element.Error($"is not a report type: '{element.AsString()}'");

    private static Location ReadLocation(ReportElement l)
    {
        var kind = l.Required("kind");
        return kind.AsString() switch
        {
            "source" => new SourceLocation(
                l.RequiredString("file"),
                l.OptionalInt("startLine"),
                l.OptionalInt("endLine"),
                l.OptionalInt("startColumn"),
                l.OptionalInt("endColumn"),
                l.OptionalString("class"),
                l.OptionalString("method")),
            "secret" => new SecretLocation(
                l.RequiredString("file"),
                ReadCommit(l.Required("commit")),
                l.Required("startLine").AsInt(),
                l.Required("endLine").AsInt(),
                l.OptionalInt("startColumn"),
                l.OptionalInt("endColumn")),
            "dependency" => new DependencyLocation(l.RequiredString("file"), ReadDependency(l.Required("dependency"))),
            "container" => new ContainerLocation(
                l.RequiredString("image"),
                l.RequiredString("operatingSystem"),
                ReadDependency(l.Required("dependency")),
                l.OptionalString("defaultBranchImage")),
            "clusterImage" => ReadClusterImage(l),
            "web" => new WebLocation(l.OptionalString("hostname"), l.OptionalString("method"), l.OptionalString("path"), l.OptionalString("param")),
            "crash" => new CrashLocation(l.OptionalString("crashAddress"), l.OptionalString("crashType"), l.OptionalString("crashState"), l.OptionalString("stacktraceSnippet")),
            var other => throw kind.Error($"is not a location kind: '{other}'"),
        };
    }

    private static ClusterImageLocation ReadClusterImage(ReportElement l)
    {
        var resource = l.Required("resource");
        return new ClusterImageLocation(
            l.RequiredString("image"),
            ReadDependency(l.Required("dependency")),
            new KubernetesResource(
                resource.RequiredString("namespace"),
                resource.RequiredString("kind"),
                resource.RequiredString("name"),
                resource.RequiredString("containerName"),
                resource.OptionalString("agentId"),
                resource.OptionalString("clusterId")),
            l.OptionalString("operatingSystem"));
    }

    private static Commit ReadCommit(ReportElement c) => new(
        c.RequiredString("sha"),
        c.OptionalString("author"),
        c.OptionalString("email"),
        c.Optional("date") is { } date ? Time(date) : null,
        c.OptionalString("message"));

    private static DependencyReference ReadDependency(ReportElement d) =>
        new(d.RequiredString("package"), d.RequiredString("version"), d.OptionalBool("direct"));

    private static HttpRequest? ReadRequest(ReportElement? r) => r is null
        ? null
        : new HttpRequest(r.RequiredString("method"), r.RequiredString("url"), ReadHeaders(r), r.OptionalString("body"));

    private static HttpResponse? ReadResponse(ReportElement? r) => r is null
        ? null
        : new HttpResponse(r.Required("statusCode").AsInt(), r.RequiredString("reasonPhrase"), ReadHeaders(r), r.OptionalString("body"));

    private static EquatableArray<HttpHeader> ReadHeaders(ReportElement r) =>
        r.Items("headers").Select(h => new HttpHeader(h.RequiredString("name"), h.RequiredString("value"))).ToEquatableArray();

    private static EquatableArray<string> Strings(IEnumerable<ReportElement> items) => items.Select(i => i.AsString()).ToEquatableArray();
}
