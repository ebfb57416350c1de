using System.Globalization;
using System.Text;
using Bulwark.Core.Findings;
using Bulwark.Core.Reports;
using Bulwark.Core.Reports.CycloneDx;
using Bulwark.Core.Reports.GitLab;
using Bulwark.Core.Reports.Ingestion;
using Bulwark.Core.Reports.Native;
using Bulwark.Core.Reports.Sarif;

namespace Bulwark.Core.Tests.Reports.Ingestion;

public class SecurityReportReaderTests
{
    public static TheoryData<ReportType> ReportTypes => new(Enum.GetValues<ReportType>());

    [Theory]
    [MemberData(nameof(ReportTypes))]
    public async Task Streamed_gitlab_report_gives_what_the_whole_document_reader_gives(ReportType type)
    {
        var json = ReportText.Of(s => GitLabReportWriter.Write(ScanFixtures.Full(), type, ScanFixtures.ProjectId, s));
        var whole = ReportText.Read(json, GitLabReportReader.Read);

        var streamed = await Ingest.TextAsync(json);

        var section = Assert.Single(streamed.Sections);
        Assert.Equal((whole.ReportType, whole.Analyzer, whole.Scanner, whole.SchemaVersion, whole.StartedAt, whole.FinishedAt, whole.Warnings),
            (section.ReportType, section.ScannerId, section.Scanner, section.SchemaVersion, section.StartedAt, section.FinishedAt, section.Messages));
        Assert.Equal(whole.Findings.Select(FindingRedaction.Redact), streamed.Findings[0]);
        Assert.NotEmpty(streamed.Findings[0]);
    }

    [Fact]
    public async Task Streamed_sarif_gives_a_section_per_run_with_what_the_whole_document_reader_gives()
    {
        var json = ReportText.Of(s => SarifReportWriter.Write(ScanFixtures.Full(), ScanFixtures.ProjectId, s));
        var whole = ReportText.Read(json, SarifReportReader.Read);

        var streamed = await Ingest.TextAsync(json);

        Assert.Equal(whole.Runs.Count, streamed.Sections.Count);
        for (var i = 0; i < whole.Runs.Count; i++)
        {
            Assert.Equal(whole.Runs[i].Analyzer, streamed.Sections[i].ScannerId);
            Assert.Equal(whole.Runs[i].Findings.Select(FindingRedaction.Redact), streamed.Findings[i]);
            Assert.Equal(whole.Runs[i].Findings.FirstOrDefault()?.ReportType ?? ReportType.Sast, streamed.Sections[i].ReportType);
        }

        Assert.Contains(streamed.Sections, s => s.ReportType == ReportType.SecretDetection);
    }

    [Fact]
    public async Task Streamed_cyclonedx_gives_the_inventory_with_its_graph_and_the_vulnerabilities()
    {
        var json = ReportText.Of(s => CycloneDxWriter.Write(ScanFixtures.Full(), s));
        var whole = ReportText.Read(json, CycloneDxReader.Read);

        var streamed = await Ingest.TextAsync(json);

        var section = Assert.Single(streamed.Sections);
        Assert.True(section.HasComponents);
        Assert.Equal(whole.Components, streamed.Components[0]);
        Assert.Contains(streamed.Components[0], c => !c.DependsOn.IsEmpty);
        Assert.Equal(whole.Findings, streamed.Findings[0]);
        Assert.NotEmpty(streamed.Findings[0]);
    }

    [Fact]
    public async Task Streamed_bulwark_report_has_a_section_per_analyzer_that_ran_even_without_findings()
    {
        var scan = ScanFixtures.Full();
        var json = ReportText.Of(s => NativeReportWriter.Write(scan, s));
        var whole = ReportText.Read(json, NativeReportReader.Read);

        var streamed = await Ingest.TextAsync(json);

        Assert.Equal(
            scan.Analyzers.Select(a => (a.Name, a.ReportType!.Value)).Order(),
            streamed.Sections.Select(s => (s.ScannerId, s.ReportType)).Order());
        var licenses = streamed.Sections.Single(s => s.ScannerId == "licenses");
        Assert.Empty(streamed.Findings[licenses.Index]);
        foreach (var section in streamed.Sections)
        {
            Assert.Equal(
                whole.Findings.Where(f => f.Analyzer == section.ScannerId && f.ReportType == section.ReportType).Select(FindingRedaction.Redact),
                streamed.Findings[section.Index]);
        }

        var inventory = Assert.Single(streamed.Sections, s => s.HasComponents);
        Assert.Equal("dependencies", inventory.ScannerId);
        Assert.Equal(whole.Components, streamed.Components[inventory.Index]);
    }

    [Fact]
    public async Task Scan_after_the_vulnerabilities_and_results_before_the_tool_are_read_alike()
    {
        var gitlab = await Ingest.TextAsync("""
            {
              "vulnerabilities": [
                {"identifiers": [{"type": "semgrep_id", "name": "eval", "value": "python.lang.security.audit.eval-detected"}],
                 "location": {"file": "app/calc.py", "start_line": 14}, "severity": "High", "name": "Use of eval"}
              ],
              "remediations": [],
              "version": "15.2.1",
              "scan": {"type": "sast", "status": "success", "scanner": {"id": "semgrep", "name": "Semgrep", "vendor": {"name": "GitLab"}, "version": "1.56.0"},
                       "analyzer": {"id": "semgrep", "name": "Semgrep", "vendor": {"name": "GitLab"}, "version": "4.12.0"}}
            }
            """);
        var sarif = await Ingest.TextAsync("""
            {
              "runs": [{
                "results": [{"ruleIndex": 0, "level": "error", "message": {"text": "Use of eval"},
                             "locations": [{"physicalLocation": {"artifactLocation": {"uri": "app/calc.py"}, "region": {"startLine": 14}}}]}],
                "tool": {"driver": {"name": "Semgrep OSS", "semanticVersion": "1.56.0",
                                    "rules": [{"id": "python.lang.security.audit.eval-detected", "properties": {"tags": ["CWE-95: Eval Injection"]}}]}}
              }],
              "version": "2.1.0",
              "$schema": "https://json.schemastore.org/sarif-2.1.0.json"
            }
            """);

        var fromGitLab = Assert.Single(gitlab.AllFindings);
        var fromSarif = Assert.Single(sarif.AllFindings);
        Assert.Equal((ReportType.Sast, "semgrep"), (gitlab.Sections[0].ReportType, gitlab.Sections[0].ScannerId));
        Assert.Equal("python.lang.security.audit.eval-detected", fromGitLab.RuleId);
        Assert.Equal(fromGitLab.RuleId, fromSarif.RuleId);
        Assert.Equal(new SourceLocation("app/calc.py", 14), fromSarif.Location);
        Assert.Equal(Identifier.Cwe(95), fromSarif.Identifiers[1]);
    }

    [Fact]
    public async Task A_malformed_vulnerability_fails_the_report_naming_its_path_after_the_ones_before_it()
    {
        var json = GitLabReportWith(2000, broken: 1234);
        await using var stream = Ingest.Stream(json);
        using var report = await SecurityReportReader.OpenAsync(stream, ReportFormat.GitLab);

        var read = 0;
        var error = await Assert.ThrowsAsync<ReportFormatException>(async () =>
        {
            await foreach (var _ in report.ReadFindingsAsync(0))
            {
                read++;
            }
        });

        Assert.Equal(1234, read);
        Assert.Equal("$.vulnerabilities[1234].identifiers", error.Path);
        Assert.Equal("GitLab report: $.vulnerabilities[1234].identifiers must hold at least one identifier", error.Message);
        Assert.Equal(0, stream.Position);
    }

    [Fact]
    public async Task Broken_json_deep_in_a_large_array_is_refused_before_any_finding_naming_the_element()
    {
        var json = GitLabReportWith(2000).Replace("\"Unsafe deserialisation 1500\"", "\"Unsafe deserialisation 1500\" \"dangling\"", StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<ReportFormatException>(() => SecurityReportReader.OpenAsync(Ingest.Stream(json), ReportFormat.GitLab));

        Assert.Equal("$.vulnerabilities[1500]", error.Path);
        Assert.Contains("is not valid JSON (line ", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"version": "15.2.1", "vulnerabilities": [{"identifiers": []}""")]
    [InlineData("""{"version": "15.2.1", "vulnerabilities": []} {"version": "15.2.1"}""")]
    public async Task Truncated_or_trailing_json_is_refused(string json)
    {
        var error = await Assert.ThrowsAsync<ReportFormatException>(() => SecurityReportReader.ReadSectionsAsync(Ingest.Stream(json), ReportFormat.GitLab));

        Assert.Contains("is not valid JSON", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"version": "15.2.1", "scan": {"type": "sast", "scanner": {"id": "semgrep"}}, "vulnerabilities": {}}""", ReportFormat.GitLab, "$.vulnerabilities", "must be an array, not an object")]
    [InlineData("""{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "Bandit"}}, "results": "none"}]}""", ReportFormat.Sarif, "$.runs[0].results", "must be an array, not a string")]
    [InlineData("""{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": 5}""", ReportFormat.CycloneDx, "$.components", "must be an array, not a number")]
    [InlineData("""{"RuleID": "aws-access-token"}""", ReportFormat.Gitleaks, "$", "must be an array, not an object")]
    [InlineData("""{"version": "15.2.1", "scan": {"type": "sast", "scanner": {"id": "semgrep"}}, "vulnerabilities": [{"name": "\uD800"}]}""", ReportFormat.GitLab, "$.vulnerabilities[0]", "holds text that is not valid UTF-8")]
    public async Task A_bulk_member_of_the_wrong_kind_or_undecodable_text_is_refused(string json, ReportFormat format, string path, string reason)
    {
        var error = await Assert.ThrowsAsync<ReportFormatException>(() => SecurityReportReader.ReadSectionsAsync(Ingest.Stream(json), format));

        Assert.Equal(path, error.Path);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bytes_that_are_not_utf8_inside_a_finding_are_refused_naming_it()
    {
        var text = GitLabReportWith(3);
        var json = Encoding.UTF8.GetBytes(text).ToList();
        json.InsertRange(text.IndexOf("deserialisation 1\"", StringComparison.Ordinal), new byte[] { 0xC3, 0x28 });

        var error = await Assert.ThrowsAsync<ReportFormatException>(() => SecurityReportReader.OpenAsync(new MemoryStream(json.ToArray()), ReportFormat.GitLab));

        Assert.Equal(("$.vulnerabilities[1]", "holds text that is not valid UTF-8"), (error.Path, error.Reason));
    }

    [Fact]
    public async Task A_report_read_as_another_format_is_refused_naming_what_is_missing()
    {
        var json = ReportText.Of(s => CycloneDxWriter.Write(ScanFixtures.Full(), s));

        var error = await Assert.ThrowsAsync<ReportFormatException>(() => SecurityReportReader.ReadSectionsAsync(Ingest.Stream(json), ReportFormat.Sarif));

        Assert.Equal(("SARIF", "$.version"), (error.Format, error.Path));
    }

    [Fact]
    public async Task Two_readings_of_one_report_can_be_interleaved()
    {
        await using var stream = Ingest.Stream(GitLabReportWith(3000));
        using var report = await SecurityReportReader.OpenAsync(stream, ReportFormat.GitLab);

        await using var first = report.ReadFindingsAsync(0).GetAsyncEnumerator();
        await using var second = report.ReadFindingsAsync(0).GetAsyncEnumerator();
        var pairs = 0;
        while (await first.MoveNextAsync())
        {
            Assert.True(await second.MoveNextAsync());
            Assert.Equal(first.Current, second.Current);
            pairs++;
        }

        Assert.False(await second.MoveNextAsync());
        Assert.Equal(3000, pairs);
    }

    [Fact]
    public async Task The_static_contract_reads_a_section_without_opening_the_report_first()
    {
        await using var stream = Ingest.Stream(GitLabReportWith(10));

        var sections = await SecurityReportReader.ReadSectionsAsync(stream, ReportFormat.GitLab);
        var findings = await SecurityReportReader.ReadFindingsAsync(stream, ReportFormat.GitLab, 0).ToListAsync();
        var components = await SecurityReportReader.ReadComponentsAsync(stream, ReportFormat.GitLab, 0).ToListAsync();

        Assert.Equal(ReportType.Sast, Assert.Single(sections).ReportType);
        Assert.Equal(10, findings.Count);
        Assert.Empty(components);
        Assert.Equal(0, stream.Position);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await SecurityReportReader.ReadFindingsAsync(stream, ReportFormat.GitLab, 1).ToListAsync());
    }

    [Fact]
    public async Task Reading_stops_when_cancelled()
    {
        await using var stream = Ingest.Stream(GitLabReportWith(100));
        using var report = await SecurityReportReader.OpenAsync(stream, ReportFormat.GitLab);
        using var cancellation = new CancellationTokenSource();

        var read = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in report.ReadFindingsAsync(0, cancellation.Token))
            {
                if (++read == 10)
                {
                    await cancellation.CancelAsync();
                }
            }
        });
        Assert.Equal(10, read);
    }

    [Fact]
    public async Task A_value_longer_than_the_read_window_is_read_whole()
    {
        var description = string.Concat(Enumerable.Repeat("A long advisory text that no window of 64 KiB holds. ", 5000));
        var json = $$$"""
            {"version": "15.2.1", "scan": {"type": "sast", "scanner": {"id": "semgrep", "name": "Semgrep"}},
             "vulnerabilities": [{"identifiers": [{"type": "cwe", "name": "CWE-79", "value": "79"}], "location": {"file": "a.js"}, "description": "{{{description}}}"}]}
            """;

        var finding = Assert.Single((await Ingest.TextAsync(json)).AllFindings);

        Assert.Equal(description, finding.Description);
    }

    /// <summary>A SAST report of <paramref name="count"/> realistic vulnerabilities; <paramref name="broken"/> has no identifier.</summary>
    internal static string GitLabReportWith(int count, int broken = -1)
    {
        var json = new StringBuilder("""{"version": "15.2.1", "vulnerabilities": [""");
        for (var i = 0; i < count; i++)
        {
            var identifiers = i == broken ? "[]" : """[{"type": "semgrep_id", "name": "Unsafe deserialisation", "value": "python.lang.security.deserialization.pickle"}, {"type": "cwe", "name": "CWE-502", "value": "502"}]""";
            json.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $$"""
                {"id": "{{i:x8}}", "name": "Unsafe deserialisation {{i}}", "severity": "High",
                 "location": {"file": "src/module{{i % 97}}/handler.py", "start_line": {{i % 400 + 1}}},
                 "identifiers": {{identifiers}}}
                """);
        }

        json.Append("""], "scan": {"type": "sast", "status": "success", "scanner": {"id": "semgrep", "name": "Semgrep", "vendor": {"name": "GitLab"}, "version": "1.56.0"}}}""");
        return json.ToString();
    }
}
