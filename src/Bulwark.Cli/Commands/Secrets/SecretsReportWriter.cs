using Bulwark.Analyzers.Secrets.Reports;
using Bulwark.Cli.Output;
using Bulwark.Core;
using Bulwark.Core.Findings;

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

    public static void Write(string path, SecretsReportFormat format, ScanResult result, string projectId)
    {
        if (path == "-")
        {
            using var stdout = Console.OpenStandardOutput();
            Write(stdout, format, result, projectId);
            return;
        }

        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                Write(stream, format, result, projectId);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private static void Write(Stream stream, SecretsReportFormat format, ScanResult result, string projectId)
    {
        switch (format)
        {
            case SecretsReportFormat.Sarif:
                ReportWriters.Sarif(stream, result, projectId);
                break;
            case SecretsReportFormat.GitLab:
                ReportWriters.GitLab(stream, result, ReportType.SecretDetection, projectId);
                break;
            default:
                GitleaksJsonReport.Write(stream, result.Findings);
                break;
        }
    }
}
