using Bulwark.Core.Findings;
using Bulwark.Core.Identity;
using Bulwark.Core.Reports.GitLab;
using Bulwark.Core.Reports.Sarif;
using Bulwark.Core.Tests.Reports.Ingestion;

namespace Bulwark.Core.Tests.Reports.Sarif;

/// <summary>
/// One scan uploaded as both its GitLab reports and its SARIF must track to the same vulnerabilities: the identities
/// computed from what the server reads back are the same for both formats.
/// </summary>
public class SarifIdentityTests
{
    [Theory]
    [InlineData(ReportType.SecretDetection)]
    [InlineData(ReportType.Sast)]
    public async Task Our_sarif_and_our_gitlab_report_of_one_scan_give_the_same_vulnerability_identities(ReportType type)
    {
        var scan = ScanFixtures.Full();
        using var gitlab = new MemoryStream();
        GitLabReportWriter.Write(scan, type, "acme/payments", gitlab);
        gitlab.Position = 0;
        using var sarif = new MemoryStream();
        SarifReportWriter.Write(scan, "acme/payments", sarif);
        sarif.Position = 0;

        var fromGitLab = (await Ingest.StreamAsync(gitlab)).AllFindings.ToList();
        var fromSarif = (await Ingest.StreamAsync(sarif)).AllFindings.Where(f => f.ReportType == type).ToList();

        Assert.NotEmpty(fromGitLab);
        // Compared as what the identity is made of, so a failure says which part differs.
        static string Parts(Finding f) =>
            $"{f.ReportType}|{f.Identifiers[0].Type}:{f.Identifiers[0].Value}|{VulnerabilityIdentity.LocationFingerprint(f.Location)}|{VulnerabilityIdentity.Compute(f, "1")}";
        // SARIF has no DAST or fuzzing report types, so those runs read as SAST too: every SAST finding of the GitLab
        // report must be among them, and secrets must match exactly.
        var expected = fromGitLab.Select(Parts).Order().ToList();
        var actual = fromSarif.Select(Parts).Order().ToList();
        if (type == ReportType.Sast)
        {
            Assert.Empty(expected.Except(actual));
        }
        else
        {
            Assert.Equal(expected, actual);
        }
    }
}
