using System.Text;
using System.Text.Json;
using Bulwark.Core;
using Bulwark.Core.Findings;
using Bulwark.Core.Reports.GitLab;

namespace Bulwark.Platform.Ingestion;

/// <summary>How a finding is stored and served: as the GitLab <c>vulnerabilities[]</c> element it would be in a report.</summary>
public static class FindingDocument
{
    public static string Serialize(Finding finding, ToolInfo scanner, string projectKey)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            GitLabReportWriter.WriteVulnerability(writer, finding, scanner, projectKey);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static string Title(Finding finding) =>
        !string.IsNullOrWhiteSpace(finding.Name) ? finding.Name!
        : !string.IsNullOrWhiteSpace(finding.PrimaryIdentifier.Name) ? finding.PrimaryIdentifier.Name
        : finding.RuleId;
}
