using Bulwark.Analyzers.Secrets.Reports;
using Bulwark.Cli.Output;
using Bulwark.Core;
using Bulwark.Core.Findings;
using Bulwark.Core.Reports.GitLab;
using Bulwark.Core.Reports.Sarif;

namespace Bulwark.Cli.Commands.Secrets;

internal enum SecretsReportFormat
{
    /// <summary>gitleaks' JSON (<c>json</c> or <c>gitleaks</c>), so gitleaks command lines carry over unchanged.</summary>
    Gitleaks,
    Sarif,
    GitLab,
}

/// <summary>Writes the <c>--report-path</c> file: to a temporary sibling renamed into place, or to stdout for '-'.</summary>
internal static class SecretsReportWriter
{
    public static bool TryParseFormat(string name, out SecretsReportFormat format)
    {
        SecretsReportFormat? parsed = name.ToLowerInvariant() switch
        {
            "json" or "gitleaks" => SecretsReportFormat.Gitleaks,
            "sarif" => SecretsReportFormat.Sarif,
            "gitlab" => SecretsReportFormat.GitLab,
            _ => null,
        };
        format = parsed ?? default;
        return parsed is not null;
    }

    /// <summary>
    /// GitLab and SARIF want a line for every finding and no secret in the extract unless asked: a path-only
    /// rule's file-level hit (line 0, as gitleaks has it) is placed on line 1, as the scan analyzer does.
    /// </summary>
    private static ScanResult ForStandardReports(ScanResult result) => result with
    {
        Findings = result.Findings.Select(f => f.Location is SecretLocation { StartLine: < 1 } location
            ? f with { Location = location with { StartLine = 1, EndLine = 1, StartColumn = null, EndColumn = null } }
            : f).ToEquatableArray(),
    };

    public static void Write(string path, SecretsReportFormat format, ScanResult result, string projectId)
    {
        if (path == "-")
        {
            using var stdout = Console.OpenStandardOutput();
            Write(stdout, format, result, projectId);
            return;
        }

        var full = Path.GetFullPath(path);
        ReportPublisher.WriteAtomically(Path.GetDirectoryName(full)!, Path.GetFileName(full), stream => Write(stream, format, result, projectId));
    }

    private static void Write(Stream stream, SecretsReportFormat format, ScanResult result, string projectId)
    {
        switch (format)
        {
            case SecretsReportFormat.Sarif:
                SarifReportWriter.Write(ForStandardReports(result), projectId, stream);
                break;
            case SecretsReportFormat.GitLab:
                GitLabReportWriter.Write(ForStandardReports(result), ReportType.SecretDetection, projectId, stream);
                break;
            default:
                GitleaksJsonReport.Write(stream, result.Findings);
                break;
        }
    }
}
