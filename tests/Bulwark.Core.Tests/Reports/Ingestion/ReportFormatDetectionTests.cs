using System.Text;
using Bulwark.Core.Findings;
using Bulwark.Core.Reports;
using Bulwark.Core.Reports.CycloneDx;
using Bulwark.Core.Reports.GitLab;
using Bulwark.Core.Reports.Ingestion;
using Bulwark.Core.Reports.Native;
using Bulwark.Core.Reports.Sarif;

namespace Bulwark.Core.Tests.Reports.Ingestion;

public class ReportFormatDetectionTests
{
    public static TheoryData<string, ReportFormat> Fixtures => new()
    {
        { "codeql.sarif", ReportFormat.Sarif },
        { "semgrep.sarif", ReportFormat.Sarif },
        { "trivy-fs.json", ReportFormat.Trivy },
        { "trivy-image.json", ReportFormat.Trivy },
        { "gitleaks.json", ReportFormat.Gitleaks },
        { "bandit-1.6.2.json", ReportFormat.Bandit },
        { "trivy-0.44-fs-config-secret.json", ReportFormat.Trivy },
        { "trivy-0.44-fs.cdx.json", ReportFormat.CycloneDx },
        { "semgrep-1.json", ReportFormat.Semgrep },
        { "trivy-0.44-fs.sarif", ReportFormat.Sarif },
        { "flawfinder-2.0.19.sarif", ReportFormat.Sarif },
        { "secretlint-12.0.0.sarif", ReportFormat.Sarif },
        { "gitlab-14-dependency-scanning.json", ReportFormat.GitLab },
        { "gitlab-15.0-secret-detection.json", ReportFormat.GitLab },
        { "cyclonedx-1.4-vex.json", ReportFormat.CycloneDx },
        { "cyclonedx-1.5-vex.json", ReportFormat.CycloneDx },
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Third_party_reports_are_recognised_from_their_content(string fixture, ReportFormat expected)
    {
        using var file = File.OpenRead(SchemaValidator.FixturePath(fixture));

        Assert.Equal(expected, SecurityReportReader.DetectFormat(file));
        Assert.Equal(0, file.Position);
    }

    [Fact]
    public void Reports_bulwark_writes_are_recognised_in_every_format()
    {
        var scan = ScanFixtures.Full();

        Assert.Equal(ReportFormat.GitLab, Detect(ReportText.Of(s => GitLabReportWriter.Write(scan, ReportType.Sast, ScanFixtures.ProjectId, s))));
        Assert.Equal(ReportFormat.Sarif, Detect(ReportText.Of(s => SarifReportWriter.Write(scan, ScanFixtures.ProjectId, s))));
        Assert.Equal(ReportFormat.CycloneDx, Detect(ReportText.Of(s => CycloneDxWriter.Write(scan, s))));
        Assert.Equal(ReportFormat.Native, Detect(ReportText.Of(s => NativeReportWriter.Write(scan, s))));
    }

    [Fact]
    public void An_empty_gitleaks_report_is_an_empty_array()
    {
        Assert.Equal(ReportFormat.Gitleaks, Detect("[]"));
        Assert.Equal(ReportFormat.Gitleaks, Detect("\uFEFF[\n]\n"));
    }

    [Fact]
    public void A_head_that_does_not_decide_is_settled_by_the_top_level_keys_of_the_whole_report()
    {
        // 200 KiB of runs before "version": the 64 KiB head sees only "runs".
        var results = string.Join(",", Enumerable.Range(0, 2000).Select(i =>
            $$$"""{"ruleId": "B608", "message": {"text": "Possible SQL injection vector through string-based query construction {{{i}}}."}}"""));
        var sarif = $$$"""{"runs": [{"tool": {"driver": {"name": "Bandit"}}, "results": [{{{results}}}]}], "version": "2.1.0"}""";

        Assert.True(Encoding.UTF8.GetByteCount(sarif) > 128 * 1024);
        Assert.Equal(ReportFormat.Sarif, Detect(sarif));
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("   \n\t ", "is empty")]
    [InlineData("hello, world", "is not JSON")]
    [InlineData("{\"version\": \"15.2.1\", \"scan\": ", "is not JSON")]
    [InlineData("<?xml version=\"1.0\"?><bom/>", "is not JSON")]
    [InlineData("{\"name\": \"my-app\", \"dependencies\": {\"lodash\": \"^4.17.21\"}}", "is not a recognised format")]
    [InlineData("{}", "is not a recognised format")]
    [InlineData("42", "is a JSON value that is not a report")]
    [InlineData("[{\"id\": 1, \"title\": \"not a leak\"}]", "is a JSON array but neither a gitleaks report nor a Trivy report before 0.20")]
    [InlineData("[{\"filePath\": \"/src/.env\", \"messages\": [], \"sourceContentType\": \"text\"}]", "first element has no RuleID nor Target (keys: filePath, messages, sourceContentType)")]
    [InlineData("{\"ClusterName\": \"prod\", \"Resources\": [{\"Namespace\": \"default\", \"Kind\": \"Deployment\", \"Name\": \"web\"}]}", "is a Trivy Kubernetes report (trivy k8s), which is not read")]
    [InlineData("[1, 2, 3]", "its elements are not objects")]
    [InlineData("[\"RuleID\"]", "its elements are not objects")]
    [InlineData("{\"bomFormat\": \"SPDX\", \"specVersion\": \"1.5\"}", "is 'SPDX', not 'CycloneDX'")]
    public void Input_that_is_no_report_is_refused_with_the_reason(string content, string reason)
    {
        var error = Assert.Throws<ReportFormatException>(() => Detect(content));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_json_names_its_keys_so_the_uploader_sees_what_was_sent()
    {
        var error = Assert.Throws<ReportFormatException>(() => Detect("""{"issues": [], "total": 0, "tool": "bandit"}"""));

        Assert.Contains("issues, tool, total", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stream_that_cannot_seek_is_refused()
    {
        using var pipe = new NonSeekable(Encoding.UTF8.GetBytes("[]"));

        Assert.Throws<ArgumentException>(() => SecurityReportReader.DetectFormat(pipe));
    }

    private static ReportFormat Detect(string content)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        return SecurityReportReader.DetectFormat(stream);
    }

    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
