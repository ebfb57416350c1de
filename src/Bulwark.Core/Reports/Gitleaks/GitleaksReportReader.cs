using System.Globalization;
using System.Text.Json;
using Bulwark.Core.Findings;
using Bulwark.Core.Reports.Ingestion;

namespace Bulwark.Core.Reports.Gitleaks;

/// <summary>
/// Reads gitleaks' JSON report (<c>gitleaks detect --report-format json</c>, v8): an array of leaks, each a
/// secret-detection finding. The secret never stays: <c>Secret</c> is kept masked (first four characters and
/// an ellipsis) and <c>Match</c> with the secret masked inside it. As GitLab's secret detection does with
/// gitleaks, every leak is Critical. A leak found outside git history (<c>Commit</c> empty) is in the
/// working tree, commit <c>0000000</c>.
/// </summary>
internal static class GitleaksReportReader
{
    internal const string Format = "gitleaks";

    public const string Analyzer = "gitleaks";

    public static readonly ToolInfo Tool = new("Gitleaks", string.Empty, "Gitleaks", "https://github.com/gitleaks/gitleaks");

    /// <summary>One element of the report.</summary>
    public static Finding ReadLeak(ReportElement leak)
    {
        leak.ExpectObject();
        var ruleId = leak.RequiredText("RuleID");
        var file = leak.OptionalString("File") ?? string.Empty;
        var startLine = leak.OptionalInt("StartLine") ?? 0;
        var commit = leak.OptionalText("Commit") is { } sha
            ? new Commit(sha, leak.OptionalText("Author"), leak.OptionalText("Email"), ReadDate(leak.Optional("Date")), leak.OptionalText("Message"))
            : Commit.WorkingTree;
        var description = leak.OptionalText("Description") ?? ruleId;

        var properties = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                properties[key] = value;
            }
        }

        var secret = leak.OptionalString("Secret");
        Add(FindingRedaction.SecretProperty, secret);
        Add(FindingRedaction.MatchProperty, leak.OptionalString("Match"));
        Add("entropy", leak.Optional("Entropy") is { Kind: JsonValueKind.Number } entropy ? entropy.Value.GetDouble().ToString("0.########", CultureInfo.InvariantCulture) : null);
        Add("fingerprint", leak.OptionalText("Fingerprint"));
        Add("tags", string.Join(',', leak.Items("Tags").Select(t => t.AsString())));
        Add("link", leak.OptionalText("Link"));
        Add("symlink-file", leak.OptionalText("SymlinkFile"));

        var finding = new Finding
        {
            ReportType = ReportType.SecretDetection,
            Analyzer = Analyzer,
            RuleId = ruleId,
            Identifiers = EquatableArray.Of(new Identifier("gitleaks_rule_id", $"Gitleaks rule ID {ruleId}", ruleId)),
            Location = new SecretLocation(
                file,
                commit,
                startLine,
                leak.OptionalInt("EndLine") ?? startLine,
                Positive(leak.OptionalInt("StartColumn")),
                Positive(leak.OptionalInt("EndColumn"))),
            Name = description,
            Description = file.Length > 0 ? $"{description} in {file}." : null,
            Solution = "Revoke and rotate this secret, then remove it from the code (and from the history if it was committed).",
            Severity = Severity.Critical,
            RawSourceCodeExtract = secret,
            Properties = properties.ToEquatableArray(),
        };

        // Redacted here, where the secret is known, so the match keeps its context around the masked secret.
        return FindingRedaction.Redact(finding);
    }

    private static int? Positive(int? value) => value is > 0 ? value : null;

    private static DateTimeOffset? ReadDate(ReportElement? date) =>
        date is null || date.AsString().Length == 0 ? null : ReportJson.ParseTime(date);
}
