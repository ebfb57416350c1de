using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bulwark.Core.Findings;

namespace Bulwark.Core.Reports.Semgrep;

/// <summary>
/// Reads Semgrep's JSON report (<c>semgrep scan --json</c>, from 0.x to 1.x): each of <c>results</c> is a SAST finding
/// on <c>path</c> from <c>start</c> to <c>end</c>, known by its <c>check_id</c> (identifier type <c>semgrep_id</c>, as
/// GitLab's Semgrep analyzer names it), the CWEs and OWASP categories of its metadata. <c>extra.severity</c> is rated
/// as Semgrep's SARIF rates it (ERROR High, WARNING Medium, INFO Low; the newer CRITICAL…LOW as they say). Results a
/// <c>nosemgrep</c> comment ignores keep that as an in-source suppression. Semgrep's placeholder for what it hides from
/// users not logged in (<c>requires login</c>) is not kept.
/// </summary>
internal static partial class SemgrepReportReader
{
    internal const string Format = "Semgrep";

    public const string Analyzer = "semgrep";

    public const string IdentifierType = "semgrep_id";

    private const string RequiresLogin = "requires login";

    public static ToolInfo Tool(string? version) => new("Semgrep", version ?? string.Empty, "Semgrep", "https://semgrep.dev");

    public static Finding ReadResult(ReportElement result)
    {
        result.ExpectObject();
        var checkId = result.RequiredText("check_id");
        var path = ReportPaths.WithoutLeadingDot(result.RequiredString("path"));

        var start = result.Optional("start");
        var end = result.Optional("end");
        var extra = result.Required("extra");
        var message = extra.OptionalText("message")?.Trim() ?? checkId;
        var metadata = extra.Optional("metadata");

        var identifiers = new List<Identifier> { new(IdentifierType, checkId, checkId, metadata?.OptionalText("source") ?? metadata?.OptionalText("shortlink")) };
        identifiers.AddRange(Texts(metadata, "cwe").Select(CweOf).OfType<int>().Distinct().Select(Identifier.Cwe));
        identifiers.AddRange(Texts(metadata, "owasp").Select(Owasp).Distinct());

        var links = Texts(metadata, "references").Where(r => r.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            .Select(r => new Link(r)).ToList();
        if (metadata?.OptionalText("source") is { } source)
        {
            links.Insert(0, new Link(source, "Semgrep rule"));
        }

        var properties = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value) && value != RequiresLogin)
            {
                properties[key] = value;
            }
        }

        Add("confidence", metadata?.OptionalText("confidence")?.ToLowerInvariant());
        Add("likelihood", metadata?.OptionalText("likelihood")?.ToLowerInvariant());
        Add("impact", metadata?.OptionalText("impact")?.ToLowerInvariant());
        Add(Sarif.SarifReportReader.FingerprintPrefix + "semgrep", extra.OptionalText("fingerprint"));
        Add("fix", extra.OptionalText("fix"));
        if (extra.OptionalBool("is_ignored") == true)
        {
            properties[Sarif.SarifReportReader.SuppressionProperty] = "inSource";
        }

        var startLine = start?.OptionalInt("line");
        var lines = extra.OptionalText("lines");
        return new Finding
        {
            ReportType = ReportType.Sast,
            Analyzer = Analyzer,
            RuleId = checkId,
            Identifiers = identifiers.ToEquatableArray(),
            Location = new SourceLocation(path, startLine, end?.OptionalInt("line") ?? startLine, start?.OptionalInt("col"), end?.OptionalInt("col")),
            Name = Title(message),
            Description = message,
            Severity = SeverityOf(extra),
            Links = links.DistinctBy(l => l.Url).ToEquatableArray(),
            RawSourceCodeExtract = lines is null or RequiresLogin ? null : lines,
            Properties = properties.ToEquatableArray(),
        };
    }

    /// <summary>One of <c>errors</c>: a file Semgrep could not parse, a rule it could not run.</summary>
    public static ScanWarning ReadError(ReportElement error)
    {
        error.ExpectObject();
        var text = error.OptionalText("message") ?? error.OptionalText("type") ?? "error";
        var level = error.OptionalString("level") switch
        {
            "error" => WarningLevel.Error,
            "info" => WarningLevel.Info,
            _ => WarningLevel.Warning,
        };
        return new ScanWarning(text.Trim(), error.OptionalText("path"), Analyzer, level);
    }

    private static Severity SeverityOf(ReportElement extra)
    {
        var severity = extra.Required("severity");
        return severity.AsString().ToUpperInvariant() switch
        {
            "CRITICAL" => Severity.Critical,
            "ERROR" or "HIGH" => Severity.High,
            "WARNING" or "MEDIUM" => Severity.Medium,
            "INFO" or "LOW" => Severity.Low,
            "INVENTORY" or "EXPERIMENT" => Severity.Info,
            var other => throw severity.Error($"must be ERROR, WARNING, INFO (or CRITICAL, HIGH, MEDIUM, LOW), not '{other}'"),
        };
    }

    /// <summary>A metadata value Semgrep rules give as one string or a list of them.</summary>
    private static IEnumerable<string> Texts(ReportElement? metadata, string name)
    {
        if (metadata?.Optional(name) is not { } value)
        {
            return [];
        }

        return value.Kind == JsonValueKind.Array
            ? value.Items().Where(i => i.Kind == JsonValueKind.String).Select(i => i.AsString())
            : value.Kind == JsonValueKind.String ? [value.AsString()] : [];
    }

    private static int? CweOf(string text) =>
        Cwe().Match(text) is { Success: true } match ? int.Parse(match.Groups["id"].Value, CultureInfo.InvariantCulture) : null;

    /// <summary><c>A03:2021 - Injection</c> → value <c>A03:2021</c>, named in full.</summary>
    private static Identifier Owasp(string text)
    {
        var dash = text.IndexOf(" - ", StringComparison.Ordinal);
        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        var value = dash > 0 ? text[..dash] : colon > 0 ? text[..colon] : text;
        return new Identifier("owasp", text, value.Trim());
    }

    /// <summary>The message's first sentence or line, as the title.</summary>
    private static string Title(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        var sentence = line.IndexOf(". ", StringComparison.Ordinal);
        var title = sentence > 0 ? line[..(sentence + 1)] : line;
        return title.Length <= 200 ? title : title[..199] + "…";
    }

    [GeneratedRegex(@"^\s*CWE[-_: ]?(?<id>\d+)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Cwe();
}
