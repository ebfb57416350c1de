namespace Bulwark.Core.Reports.Ingestion;

/// <summary>The report formats the platform accepts; detected from content, never from a file name.</summary>
public enum ReportFormat
{
    GitLab,
    Sarif,
    CycloneDx,
    Native,
    Trivy,
    Gitleaks,
    Bandit,
    Semgrep,
}
