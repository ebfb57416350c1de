using System.Globalization;
using System.Text.Json;
using Bulwark.Core.Findings;
using Bulwark.Core.Inventory;

namespace Bulwark.Core.Reports.Native;

/// <summary>
/// Writes <c>bulwark.json</c>: everything a <see cref="ScanResult"/> holds, losslessly, so
/// <see cref="NativeReportReader"/> gives back an equal result. Lists are written in one canonical order
/// (findings by <see cref="FindingOrder"/>, components by lockfile then reference, analyzers by name,
/// warnings by path, analyzer and text), so two runs of the same scan differ only in their times.
/// </summary>
public static class NativeReportWriter
{
    public const string FormatName = "bulwark";
    public const int FormatVersion = 1;

    public static void Write(ScanResult scan, Stream output)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ReportJson.Write(output, w => WriteScan(w, scan));
    }

    public static Task WriteAsync(ScanResult scan, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scan);
        return ReportJson.WriteAsync(output, w => WriteScan(w, scan), cancellationToken);
    }

    /// <summary>The order <see cref="Write"/> lists things in; a result read back is in this order.</summary>
    public static ScanResult Canonical(ScanResult scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        return scan with
        {
            Findings = scan.Findings.Order(FindingOrder.Instance).ToEquatableArray(),
            Components = scan.Components.OrderBy(c => c.SourceFile, StringComparer.Ordinal)
                .ThenBy(c => c.Reference, StringComparer.Ordinal).ToEquatableArray(),
            Analyzers = scan.Analyzers.OrderBy(a => a.Name, StringComparer.Ordinal).ToEquatableArray(),
            Warnings = scan.Warnings.OrderBy(x => x.Path, StringComparer.Ordinal)
                .ThenBy(x => x.Analyzer, StringComparer.Ordinal)
                .ThenBy(x => x.Message, StringComparer.Ordinal)
                .ThenBy(x => x.Level).ToEquatableArray(),
            ScannedResources = scan.ScannedResources.OrderBy(r => r.Url, StringComparer.Ordinal)
                .ThenBy(r => r.Method, StringComparer.Ordinal).ToEquatableArray(),
        };
    }

    internal static string TimeText(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);

    private static void WriteScan(Utf8JsonWriter w, ScanResult scan)
    {
        scan = Canonical(scan);
        w.WriteStartObject();
        w.WriteString("format", FormatName);
        w.WriteNumber("formatVersion", FormatVersion);

        w.WriteStartObject("tool");
        w.WriteString("name", scan.Tool.Name);
        w.WriteString("version", scan.Tool.Version);
        w.WriteString("vendor", scan.Tool.Vendor);
        WriteIfNotNull(w, "url", scan.Tool.Url);
        w.WriteEndObject();

        w.WriteString("target", scan.Target);
        w.WriteString("startedAt", TimeText(scan.StartedAt));
        w.WriteString("finishedAt", TimeText(scan.FinishedAt));
        w.WriteBoolean("completed", scan.Completed);
        WriteIfNotNull(w, "incompleteReason", scan.IncompleteReason);

        if (scan.Walk is { } walk)
        {
            w.WriteStartObject("walk");
            w.WriteNumber("filesSeen", walk.FilesSeen);
            w.WriteNumber("bytesSeen", walk.BytesSeen);
            w.WriteNumber("filesIgnored", walk.FilesIgnored);
            w.WriteNumber("binaryFiles", walk.BinaryFiles);
            w.WriteNumber("oversizedFiles", walk.OversizedFiles);
            w.WriteNumber("unreadableFiles", walk.UnreadableFiles);
            w.WriteEndObject();
        }

        WriteArray(w, "analyzers", scan.Analyzers, (w, a) =>
        {
            w.WriteStartObject();
            w.WriteString("name", a.Name);
            w.WriteString("version", a.Version);
            w.WriteString("elapsed", a.Elapsed.ToString("c", CultureInfo.InvariantCulture));
            w.WriteNumber("filesAnalyzed", a.FilesAnalyzed);
            w.WriteNumber("bytesAnalyzed", a.BytesAnalyzed);
            w.WriteNumber("findingCount", a.FindingCount);
            w.WriteNumber("componentCount", a.ComponentCount);
            if (a.ReportType is { } type)
            {
                w.WriteString("reportType", type.ToWireName());
            }

            w.WriteEndObject();
        });

        WriteArray(w, "warnings", scan.Warnings, (w, x) =>
        {
            w.WriteStartObject();
            w.WriteString("level", x.Level switch { WarningLevel.Info => "info", WarningLevel.Error => "error", _ => "warning" });
            w.WriteString("message", x.Message);
            WriteIfNotNull(w, "path", x.Path);
            WriteIfNotNull(w, "analyzer", x.Analyzer);
            w.WriteEndObject();
        });

        WriteArray(w, "scannedResources", scan.ScannedResources, (w, r) =>
        {
            w.WriteStartObject();
            w.WriteString("method", r.Method);
            w.WriteString("url", r.Url);
            w.WriteString("type", r.Type);
            w.WriteEndObject();
        });

        WriteArray(w, "components", scan.Components, WriteComponent);
        WriteArray(w, "findings", scan.Findings, WriteFinding);
        w.WriteEndObject();
    }

    private static void WriteComponent(Utf8JsonWriter w, Component c)
    {
        w.WriteStartObject();
        w.WriteString("name", c.Name);
        WriteIfNotNull(w, "version", c.Version);
        WriteIfNotNull(w, "ecosystem", c.Ecosystem);
        WriteIfNotNull(w, "purl", c.Purl);
        WriteStrings(w, "licenses", c.Licenses);
        w.WriteBoolean("direct", c.IsDirect);
        w.WriteBoolean("development", c.IsDevelopment);
        w.WriteBoolean("optional", c.IsOptional);
        WriteIfNotNull(w, "sourceFile", c.SourceFile);
        WriteStrings(w, "dependsOn", c.DependsOn);
        WriteArray(w, "dependencyPaths", c.DependencyPaths, (w, p) => WriteStrings(w, null, p.Steps, always: true));
        w.WriteEndObject();
    }

    private static void WriteFinding(Utf8JsonWriter w, Finding f)
    {
        w.WriteStartObject();
        w.WriteString("reportType", f.ReportType.ToWireName());
        w.WriteString("analyzer", f.Analyzer);
        w.WriteString("ruleId", f.RuleId);
        w.WriteString("severity", f.Severity.ToString());
        WriteIfNotNull(w, "name", f.Name);
        WriteIfNotNull(w, "description", f.Description);
        WriteIfNotNull(w, "solution", f.Solution);
        WriteArray(w, "identifiers", f.Identifiers, (w, i) =>
        {
            w.WriteStartObject();
            w.WriteString("type", i.Type);
            w.WriteString("name", i.Name);
            w.WriteString("value", i.Value);
            WriteIfNotNull(w, "url", i.Url);
            w.WriteEndObject();
        }, always: true);

        w.WritePropertyName("location");
        WriteLocation(w, f.Location);

        WriteArray(w, "links", f.Links, (w, l) =>
        {
            w.WriteStartObject();
            w.WriteString("url", l.Url);
            WriteIfNotNull(w, "name", l.Name);
            w.WriteEndObject();
        });
        WriteArray(w, "cvssVectors", f.CvssVectors, (w, v) =>
        {
            w.WriteStartObject();
            w.WriteString("vendor", v.Vendor);
            w.WriteString("vector", v.Vector);
            w.WriteEndObject();
        });

        if (f.Tracking is { } tracking)
        {
            w.WriteStartObject("tracking");
            w.WriteString("type", tracking.Type);
            WriteArray(w, "items", tracking.Items, (w, item) =>
            {
                w.WriteStartObject();
                WriteIfNotNull(w, "file", item.File);
                w.WriteIfPresent("startLine", item.StartLine);
                w.WriteIfPresent("endLine", item.EndLine);
                WriteArray(w, "signatures", item.Signatures, (w, s) =>
                {
                    w.WriteStartObject();
                    w.WriteString("algorithm", s.Algorithm);
                    w.WriteString("value", s.Value);
                    w.WriteEndObject();
                }, always: true);
                w.WriteEndObject();
            }, always: true);
            w.WriteEndObject();
        }

        WriteArray(w, "flags", f.Flags, (w, flag) =>
        {
            w.WriteStartObject();
            w.WriteString("type", flag.Type);
            w.WriteString("origin", flag.Origin);
            w.WriteString("description", flag.Description);
            w.WriteEndObject();
        });

        if (f.Evidence is { } evidence)
        {
            w.WriteStartObject("evidence");
            WriteIfNotNull(w, "summary", evidence.Summary);
            if (evidence.Source is { } source)
            {
                w.WriteStartObject("source");
                w.WriteString("id", source.Id);
                w.WriteString("name", source.Name);
                WriteIfNotNull(w, "url", source.Url);
                w.WriteEndObject();
            }

            WriteRequest(w, evidence.Request);
            WriteResponse(w, evidence.Response);
            WriteArray(w, "supportingMessages", evidence.SupportingMessages, (w, m) =>
            {
                w.WriteStartObject();
                w.WriteString("name", m.Name);
                WriteRequest(w, m.Request);
                WriteResponse(w, m.Response);
                w.WriteEndObject();
            });
            w.WriteEndObject();
        }

        WriteArray(w, "assets", f.Assets, (w, a) =>
        {
            w.WriteStartObject();
            w.WriteString("type", a.Type);
            w.WriteString("name", a.Name);
            w.WriteString("url", a.Url);
            w.WriteEndObject();
        });

        if (f.Details is { } details)
        {
            w.WritePropertyName("details");
            details.WriteTo(w);
        }

        WriteIfNotNull(w, "rawSourceCodeExtract", f.RawSourceCodeExtract);
        WriteArray(w, "codeFlows", f.CodeFlows, (w, flow) =>
        {
            w.WriteStartObject();
            WriteIfNotNull(w, "message", flow.Message);
            WriteArray(w, "steps", flow.Steps, (w, step) =>
            {
                w.WriteStartObject();
                WriteIfNotNull(w, "message", step.Message);
                w.WritePropertyName("location");
                WriteLocation(w, step.Location);
                w.WriteEndObject();
            }, always: true);
            w.WriteEndObject();
        });

        if (!f.Properties.IsEmpty)
        {
            w.WriteStartObject("properties");
            foreach (var (key, value) in f.Properties)
            {
                w.WriteString(key, value);
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteLocation(Utf8JsonWriter w, Location location)
    {
        w.WriteStartObject();
        switch (location)
        {
            case SourceLocation s:
                w.WriteString("kind", "source");
                w.WriteString("file", s.File);
                w.WriteIfPresent("startLine", s.StartLine);
                w.WriteIfPresent("endLine", s.EndLine);
                w.WriteIfPresent("startColumn", s.StartColumn);
                w.WriteIfPresent("endColumn", s.EndColumn);
                WriteIfNotNull(w, "class", s.Class);
                WriteIfNotNull(w, "method", s.Method);
                break;
            case SecretLocation s:
                w.WriteString("kind", "secret");
                w.WriteString("file", s.File);
                w.WriteStartObject("commit");
                w.WriteString("sha", s.Commit.Sha);
                WriteIfNotNull(w, "author", s.Commit.Author);
                WriteIfNotNull(w, "email", s.Commit.Email);
                if (s.Commit.Date is { } date)
                {
                    w.WriteString("date", TimeText(date));
                }

                WriteIfNotNull(w, "message", s.Commit.Message);
                w.WriteEndObject();
                w.WriteNumber("startLine", s.StartLine);
                w.WriteNumber("endLine", s.EndLine);
                w.WriteIfPresent("startColumn", s.StartColumn);
                w.WriteIfPresent("endColumn", s.EndColumn);
                break;
            case DependencyLocation d:
                w.WriteString("kind", "dependency");
                w.WriteString("file", d.File);
                WriteDependency(w, d.Dependency);
                break;
            case ContainerLocation c:
                w.WriteString("kind", "container");
                w.WriteString("image", c.Image);
                w.WriteString("operatingSystem", c.OperatingSystem);
                WriteDependency(w, c.Dependency);
                WriteIfNotNull(w, "defaultBranchImage", c.DefaultBranchImage);
                break;
            case ClusterImageLocation k:
                w.WriteString("kind", "clusterImage");
                w.WriteString("image", k.Image);
                WriteDependency(w, k.Dependency);
                w.WriteStartObject("resource");
                w.WriteString("namespace", k.Resource.Namespace);
                w.WriteString("kind", k.Resource.Kind);
                w.WriteString("name", k.Resource.Name);
                w.WriteString("containerName", k.Resource.ContainerName);
                WriteIfNotNull(w, "agentId", k.Resource.AgentId);
                WriteIfNotNull(w, "clusterId", k.Resource.ClusterId);
                w.WriteEndObject();
                WriteIfNotNull(w, "operatingSystem", k.OperatingSystem);
                break;
            case WebLocation web:
                w.WriteString("kind", "web");
                WriteIfNotNull(w, "hostname", web.Hostname);
                WriteIfNotNull(w, "method", web.Method);
                WriteIfNotNull(w, "path", web.Path);
                WriteIfNotNull(w, "param", web.Param);
                break;
            case CrashLocation crash:
                w.WriteString("kind", "crash");
                WriteIfNotNull(w, "crashAddress", crash.CrashAddress);
                WriteIfNotNull(w, "crashType", crash.CrashType);
                WriteIfNotNull(w, "crashState", crash.CrashState);
                WriteIfNotNull(w, "stacktraceSnippet", crash.StacktraceSnippet);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(location), location.GetType().Name, "unknown location type");
        }

        w.WriteEndObject();
    }

    private static void WriteDependency(Utf8JsonWriter w, DependencyReference dependency)
    {
        w.WriteStartObject("dependency");
        w.WriteString("package", dependency.Package);
        w.WriteString("version", dependency.Version);
        w.WriteIfPresent("direct", dependency.Direct);
        w.WriteEndObject();
    }

    private static void WriteRequest(Utf8JsonWriter w, HttpRequest? request)
    {
        if (request is null)
        {
            return;
        }

        w.WriteStartObject("request");
        w.WriteString("method", request.Method);
        w.WriteString("url", request.Url);
        WriteHeaders(w, request.Headers);
        WriteIfNotNull(w, "body", request.Body);
        w.WriteEndObject();
    }

    private static void WriteResponse(Utf8JsonWriter w, HttpResponse? response)
    {
        if (response is null)
        {
            return;
        }

        w.WriteStartObject("response");
        w.WriteNumber("statusCode", response.StatusCode);
        w.WriteString("reasonPhrase", response.ReasonPhrase);
        WriteHeaders(w, response.Headers);
        WriteIfNotNull(w, "body", response.Body);
        w.WriteEndObject();
    }

    private static void WriteHeaders(Utf8JsonWriter w, EquatableArray<HttpHeader> headers) =>
        WriteArray(w, "headers", headers, (w, h) =>
        {
            w.WriteStartObject();
            w.WriteString("name", h.Name);
            w.WriteString("value", h.Value);
            w.WriteEndObject();
        });

    /// <summary>Null is left out; an empty string is written, so the two read back as they were.</summary>
    private static void WriteIfNotNull(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteStrings(Utf8JsonWriter w, string? name, EquatableArray<string> values, bool always = false) =>
        WriteArray(w, name, values, (w, v) => w.WriteStringValue(v), always);

    private static void WriteArray<T>(Utf8JsonWriter w, string? name, EquatableArray<T> items, Action<Utf8JsonWriter, T> write, bool always = false)
    {
        if (items.IsEmpty && !always)
        {
            return;
        }

        if (name is null)
        {
            w.WriteStartArray();
        }
        else
        {
            w.WriteStartArray(name);
        }

        foreach (var item in items)
        {
            write(w, item);
        }

        w.WriteEndArray();
    }
}
