using System.Globalization;
using Bulwark.Core.Findings;

namespace Bulwark.Core.Reports.Bandit;

/// <summary>
/// Reads Bandit's JSON report (<c>bandit -r . -f json</c>, 1.6 and later): each of <c>results</c> is a SAST finding
/// on its file and lines, known by its test id (<c>B608</c>, identifier type <c>bandit_test_id</c> as GitLab's Bandit
/// analyzer named it) and its CWE (<c>issue_cwe</c>, 1.7.1 and later). <c>issue_severity</c> is the severity,
/// <c>issue_confidence</c> the property <c>confidence</c>; the source extract is the flagged lines of <c>code</c>
/// without the line numbers Bandit prefixes them with. Files Bandit could not scan (<c>errors</c>) are the
/// section's warnings.
/// </summary>
internal static class BanditReportReader
{
    internal const string Format = "Bandit";

    public const string Analyzer = "bandit";

    public const string ConfidenceProperty = "confidence";

    public static readonly ToolInfo Tool = new("Bandit", string.Empty, "PyCQA", "https://github.com/PyCQA/bandit");

    public static Finding ReadResult(ReportElement result)
    {
        result.ExpectObject();
        var testId = result.RequiredText("test_id");
        var text = result.RequiredText("issue_text");
        var file = ReportPaths.WithoutLeadingDot(result.RequiredString("filename"));
        var line = result.OptionalInt("line_number");
        var lines = result.Items("line_range").Select(l => l.AsInt()).ToList();
        var endLine = lines.Count > 0 && line is { } start ? Math.Max(start, lines.Max()) : line;

        // Bandit's columns are Python's AST offsets: from 0, the end one past the last character.
        var startColumn = result.OptionalInt("col_offset") is >= 0 and var column ? column + 1 : (int?)null;
        var endColumn = result.OptionalInt("end_col_offset") is > 0 and var end ? end : (int?)null;

        var severityText = result.RequiredString("issue_severity");
        if (!SeverityScale.TryParse(severityText, out var severity) && !severityText.Equals("undefined", StringComparison.OrdinalIgnoreCase))
        {
            throw result.Required("issue_severity").Error($"must be HIGH, MEDIUM, LOW or UNDEFINED, not '{severityText}'");
        }

        var identifiers = new List<Identifier>
        {
            new("bandit_test_id", $"Bandit Test ID {testId}", testId, result.OptionalText("more_info")),
        };
        var cwe = result.Optional("issue_cwe");
        if (cwe?.OptionalInt("id") is > 0 and var cweId)
        {
            identifiers.Add(Identifier.Cwe(cweId));
        }

        var links = new List<Link>();
        if (result.OptionalText("more_info") is { } moreInfo)
        {
            links.Add(new Link(moreInfo, result.OptionalText("test_name")));
        }

        var properties = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (result.OptionalText("issue_confidence") is { } confidence)
        {
            properties[ConfidenceProperty] = confidence.ToLowerInvariant();
        }

        if (result.OptionalText("test_name") is { } testName)
        {
            properties["test-name"] = testName;
        }

        return new Finding
        {
            ReportType = ReportType.Sast,
            Analyzer = Analyzer,
            RuleId = testId,
            Identifiers = identifiers.ToEquatableArray(),
            Location = new SourceLocation(file, line, endLine, startColumn, startColumn is null ? null : endColumn),
            Name = text,
            Severity = severity,
            Links = links.ToEquatableArray(),
            RawSourceCodeExtract = Extract(result.OptionalString("code"), line, endLine),
            Properties = properties.ToEquatableArray(),
        };
    }

    /// <summary>A file Bandit could not scan (<c>errors[]</c>: <c>filename</c>, <c>reason</c>).</summary>
    public static ScanWarning ReadError(ReportElement error)
    {
        error.ExpectObject();
        return new ScanWarning(error.OptionalText("reason") ?? "could not be scanned", error.OptionalText("filename") is { } file ? ReportPaths.WithoutLeadingDot(file) : null, Analyzer, WarningLevel.Error);
    }

    /// <summary>
    /// The lines <paramref name="first"/> to <paramref name="last"/> of Bandit's numbered context (<c>"24     cmd = …\n"</c>),
    /// numbers removed; the whole code when its lines are not numbered as Bandit numbers them.
    /// </summary>
    private static string? Extract(string? code, int? first, int? last)
    {
        if (string.IsNullOrEmpty(code) || first is null)
        {
            return string.IsNullOrEmpty(code) ? null : code;
        }

        var kept = new List<string>();
        foreach (var line in code.Split('\n'))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var digits = space < 0 ? line : line[..space];
            if (digits.Length == 0)
            {
                continue;
            }

            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return code;
            }

            if (number >= first && number <= (last ?? first))
            {
                kept.Add(space < 0 ? string.Empty : line[(space + 1)..]);
            }
        }

        return kept.Count == 0 ? null : string.Join('\n', kept);
    }
}
