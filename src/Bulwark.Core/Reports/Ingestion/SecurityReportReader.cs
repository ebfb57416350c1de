using System.Runtime.CompilerServices;
using Bulwark.Core.Findings;
using Bulwark.Core.Inventory;
using Bulwark.Core.Reports.Bandit;
using Bulwark.Core.Reports.CycloneDx;
using Bulwark.Core.Reports.Gitleaks;
using Bulwark.Core.Reports.GitLab;
using Bulwark.Core.Reports.Native;
using Bulwark.Core.Reports.Sarif;
using Bulwark.Core.Reports.Semgrep;
using Bulwark.Core.Reports.Streaming;
using Bulwark.Core.Reports.Trivy;

namespace Bulwark.Core.Reports.Ingestion;

/// <summary>
/// Reads any report the platform accepts through one contract: detect the format, list the sections, then
/// read each section's findings and components. Every method takes a seekable stream and rewinds it.
/// </summary>
/// <remarks>
/// Reports are streamed, never loaded: a first pass checks the whole input is JSON and keeps everything but
/// the bulk arrays (findings, results, components); findings are then read one element at a time from where
/// their array starts. Memory holds the skeleton and one element, whatever the size of the report (CycloneDX
/// also holds a small record per component, to resolve what vulnerabilities and the graph refer to).
/// Findings come out with secret material redacted (<see cref="FindingRedaction"/>). Anything malformed
/// raises <see cref="ReportFormatException"/> naming the JSONPath of what is wrong.
/// </remarks>
public static class SecurityReportReader
{
    public static ReportFormat DetectFormat(Stream report)
    {
        CheckStream(report);
        report.Position = 0;
        try
        {
            return ReportFormatSniffer.Detect(report);
        }
        finally
        {
            report.Position = 0;
        }
    }

    /// <summary>
    /// Opens a report for reading: one pass over the stream for its skeleton, and what its sections need (for
    /// some formats the first element of a bulk array, for Bulwark reports a pass over its findings).
    /// </summary>
    public static async Task<SecurityReport> OpenAsync(Stream report, ReportFormat format, CancellationToken cancellationToken = default)
    {
        CheckStream(report);
        var (name, streamed, layoutOf) = Layout(format);
        report.Position = 0;
        ReportSkeleton? skeleton = null;
        try
        {
            skeleton = await ReportSkeleton.ReadAsync(report, name, streamed, cancellationToken).ConfigureAwait(false);
            var layout = layoutOf(new ReportSource(report, skeleton, name));
            var sections = await layout.ReadSectionsAsync(cancellationToken).ConfigureAwait(false);
            var opened = new SecurityReport(format, report, skeleton, layout, sections);
            skeleton = null;
            return opened;
        }
        finally
        {
            skeleton?.Dispose();
            report.Position = 0;
        }
    }

    public static async Task<IReadOnlyList<ReportSection>> ReadSectionsAsync(
        Stream report, ReportFormat format, CancellationToken cancellationToken = default)
    {
        using var opened = await OpenAsync(report, format, cancellationToken).ConfigureAwait(false);
        return opened.Sections;
    }

    public static async IAsyncEnumerable<Finding> ReadFindingsAsync(
        Stream report, ReportFormat format, int section, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var opened = await OpenAsync(report, format, cancellationToken).ConfigureAwait(false);
        await foreach (var finding in opened.ReadFindingsAsync(section, cancellationToken).ConfigureAwait(false))
        {
            yield return finding;
        }
    }

    public static async IAsyncEnumerable<Component> ReadComponentsAsync(
        Stream report, ReportFormat format, int section, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var opened = await OpenAsync(report, format, cancellationToken).ConfigureAwait(false);
        await foreach (var component in opened.ReadComponentsAsync(section, cancellationToken).ConfigureAwait(false))
        {
            yield return component;
        }
    }

    private static (string Name, IReadOnlyCollection<string> Streamed, Func<ReportSource, ReportLayout> Create) Layout(ReportFormat format) => format switch
    {
        ReportFormat.GitLab => (GitLabReportReader.Format, GitLabLayout.StreamedArrays, s => new GitLabLayout(s)),
        ReportFormat.Sarif => (SarifReportReader.Format, SarifLayout.StreamedArrays, s => new SarifLayout(s)),
        ReportFormat.CycloneDx => (CycloneDxReader.Format, CycloneDxLayout.StreamedArrays, s => new CycloneDxLayout(s)),
        ReportFormat.Native => (NativeReportReader.Format, NativeLayout.StreamedArrays, s => new NativeLayout(s)),
        ReportFormat.Trivy => (TrivyReportReader.Format, TrivyLayout.StreamedArrays, s => new TrivyLayout(s)),
        ReportFormat.Gitleaks => (GitleaksReportReader.Format, GitleaksLayout.StreamedArrays, s => new GitleaksLayout(s)),
        ReportFormat.Bandit => (BanditReportReader.Format, SastResultsLayout.StreamedArrays,
            s => new SastResultsLayout(s, _ => BanditReportReader.Tool, BanditReportReader.Analyzer, BanditReportReader.ReadResult, BanditReportReader.ReadError, "generated_at")),
        ReportFormat.Semgrep => (SemgrepReportReader.Format, SastResultsLayout.StreamedArrays,
            s => new SastResultsLayout(s, root => SemgrepReportReader.Tool(root.OptionalText("version")), SemgrepReportReader.Analyzer, SemgrepReportReader.ReadResult, SemgrepReportReader.ReadError)),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown report format"),
    };

    private static void CheckStream(Stream report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!report.CanSeek || !report.CanRead)
        {
            throw new ArgumentException("The report must be a readable, seekable stream (spool an upload to a file first).", nameof(report));
        }
    }
}
