using System.Text.Json;
using Bulwark.Core.Findings;
using Bulwark.Core.Reports;
using Bulwark.Core.Reports.Native;

namespace Bulwark.Core.Tests.Reports.Native;

public class NativeReportTests
{
    [Fact]
    public void Native_report_reads_back_to_an_equal_scan_result()
    {
        var scan = NativeReportWriter.Canonical(ScanFixtures.Full());

        var read = ReportText.Read(Write(scan), NativeReportReader.Read);

        Assert.Equal(scan.Findings.ToList(), read.Findings.ToList());
        Assert.Equal(scan.Components.ToList(), read.Components.ToList());
        Assert.Equal(scan, read);
    }

    [Fact]
    public void Native_report_keeps_an_incomplete_scan_and_the_difference_between_empty_and_absent()
    {
        var finding = ScanFixtures.PathTraversal() with
        {
            Description = string.Empty,
            Solution = null,
            Details = ScanFixtures.Json("{}"),
            Properties = EquatableArray.Of(KeyValuePair.Create("note", string.Empty)),
        };
        var scan = ScanFixtures.Full() with
        {
            Completed = false,
            IncompleteReason = "the scan was cancelled before it finished",
            Findings = EquatableArray.Of(finding),
            Walk = null,
            Tool = ScanFixtures.Full().Tool with { Url = null },
            StartedAt = new DateTimeOffset(2026, 3, 2, 10, 14, 5, 123, TimeSpan.FromHours(1)).AddTicks(4567),
        };
        scan = NativeReportWriter.Canonical(scan);

        Assert.Equal(scan, ReportText.Read(Write(scan), NativeReportReader.Read));
    }

    [Fact]
    public void Native_report_is_marked_with_its_format_and_version_and_is_the_same_bytes_for_a_shuffled_scan()
    {
        var scan = ScanFixtures.Full();
        var shuffled = scan with
        {
            Findings = scan.Findings.Reverse().ToEquatableArray(),
            Components = scan.Components.Reverse().ToEquatableArray(),
            Warnings = scan.Warnings.Reverse().ToEquatableArray(),
            Analyzers = scan.Analyzers.Reverse().ToEquatableArray(),
        };

        var json = Write(scan);
        Assert.Equal(json, Write(shuffled));
        using var document = JsonDocument.Parse(json);
        Assert.Equal("bulwark", document.RootElement.GetProperty("format").GetString());
        Assert.Equal(1, document.RootElement.GetProperty("formatVersion").GetInt32());
    }

    [Fact]
    public async Task Asynchronous_writing_and_reading_give_the_same_bytes_and_result()
    {
        var scan = NativeReportWriter.Canonical(ScanFixtures.Full());
        using var stream = new MemoryStream();
        await NativeReportWriter.WriteAsync(scan, stream);

        Assert.Equal(Write(scan), System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        stream.Position = 0;
        Assert.Equal(scan, await NativeReportReader.ReadAsync(stream));
    }

    [Theory]
    [InlineData("""{"format": "gitlab", "formatVersion": 1}""", "$.format", "must be 'bulwark'")]
    [InlineData("""{"format": "bulwark", "formatVersion": 2}""", "$.formatVersion", "this Bulwark reads version 1")]
    [InlineData("""{"format": "bulwark", "formatVersion": 1, "tool": {"name": "Bulwark", "version": "0.1.0", "vendor": "Bulwark"}, "target": ".", "startedAt": "yesterday", "finishedAt": "2026-03-02T09:15:41.8700000+00:00", "completed": true}""", "$.startedAt", "is not a round-trip")]
    [InlineData("""{"format": "bulwark", "formatVersion": 1, "tool": {"name": "Bulwark", "version": "0.1.0", "vendor": "Bulwark"}, "target": ".", "startedAt": "2026-03-02T09:14:05.1230000+00:00", "finishedAt": "2026-03-02T09:15:41.8700000+00:00", "completed": true, "findings": [{"reportType": "sast", "analyzer": "sast", "ruleId": "r", "severity": "Severe", "identifiers": [], "location": {"kind": "source", "file": "a.py"}}]}""", "$.findings[0].severity", "is not a severity")]
    [InlineData("""{"format": "bulwark", "formatVersion": 1, "tool": {"name": "Bulwark", "version": "0.1.0", "vendor": "Bulwark"}, "target": ".", "startedAt": "2026-03-02T09:14:05.1230000+00:00", "finishedAt": "2026-03-02T09:15:41.8700000+00:00", "completed": true, "findings": [{"reportType": "sast", "analyzer": "sast", "ruleId": "r", "severity": "High", "identifiers": [], "location": {"kind": "line", "file": "a.py"}}]}""", "$.findings[0].location.kind", "is not a location kind")]
    public void Malformed_native_report_is_refused_naming_the_field_and_the_reason(string json, string path, string reason)
    {
        var error = Assert.Throws<ReportFormatException>(() => ReportText.Read(json, NativeReportReader.Read));

        Assert.Equal("Bulwark", error.Format);
        Assert.Equal(path, error.Path);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    private static string Write(ScanResult scan) => ReportText.Of(s => NativeReportWriter.Write(scan, s));
}
