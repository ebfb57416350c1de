using System.Runtime.CompilerServices;
using System.Text.Json;
using Bulwark.Core.Findings;
using Bulwark.Core.Inventory;
using Bulwark.Core.Reports.CycloneDx;
using Bulwark.Core.Reports.GitLab;
using Bulwark.Core.Reports.Native;
using Bulwark.Core.Reports.Sarif;

namespace Bulwark.Core.Reports.Ingestion;

/// <summary>
/// Reads any report the platform accepts through one contract: detect the format, list the sections, then
/// read each section's findings and components. Every method takes a seekable stream and rewinds it, so
/// a report spooled to disk can be read in several passes without holding it in memory.
/// </summary>
public static class SecurityReportReader
{
    /// <summary>Bytes looked at to recognise a format; enough for every format's leading keys.</summary>
    private const int SniffLength = 64 * 1024;

    public static ReportFormat DetectFormat(Stream report)
    {
        ArgumentNullException.ThrowIfNull(report);
        report.Position = 0;
        var buffer = new byte[SniffLength];
        var length = report.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        report.Position = 0;
        return ReportFormatSniffer.Detect(buffer.AsSpan(0, length));
    }

    public static async Task<IReadOnlyList<ReportSection>> ReadSectionsAsync(
        Stream report, ReportFormat format, CancellationToken cancellationToken = default)
    {
        var loaded = await LoadAsync(report, format, cancellationToken).ConfigureAwait(false);
        return loaded.Sections;
    }

    public static async IAsyncEnumerable<Finding> ReadFindingsAsync(
        Stream report, ReportFormat format, int section, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var loaded = await LoadAsync(report, format, cancellationToken).ConfigureAwait(false);
        foreach (var finding in loaded.Findings[section])
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return finding;
        }
    }

    public static async IAsyncEnumerable<Component> ReadComponentsAsync(
        Stream report, ReportFormat format, int section, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var loaded = await LoadAsync(report, format, cancellationToken).ConfigureAwait(false);
        foreach (var component in loaded.Components[section])
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return component;
        }
    }

    private sealed record LoadedReport(
        IReadOnlyList<ReportSection> Sections,
        IReadOnlyList<IReadOnlyList<Finding>> Findings,
        IReadOnlyList<IReadOnlyList<Component>> Components);

    private static async Task<LoadedReport> LoadAsync(Stream report, ReportFormat format, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        report.Position = 0;
        try
        {
            return format switch
            {
                ReportFormat.GitLab => FromGitLab(await GitLabReportReader.ReadAsync(report, cancellationToken).ConfigureAwait(false)),
                ReportFormat.Sarif => FromSarif(await SarifReportReader.ReadAsync(report, cancellationToken).ConfigureAwait(false)),
                ReportFormat.CycloneDx => FromCycloneDx(await CycloneDxReader.ReadAsync(report, cancellationToken).ConfigureAwait(false)),
                ReportFormat.Native => FromNative(await NativeReportReader.ReadAsync(report, cancellationToken).ConfigureAwait(false)),
                _ => throw new ReportFormatException(format.ToString(), "$", "is not supported yet"),
            };
        }
        finally
        {
            report.Position = 0;
        }
    }

    private static LoadedReport FromGitLab(GitLabReport report)
    {
        var section = new ReportSection
        {
            Index = 0,
            ReportType = report.ReportType,
            Scanner = report.Scanner,
            ScannerId = report.Analyzer,
            Succeeded = report.Succeeded,
            FailureReason = report.FailureReason,
            StartedAt = report.StartedAt,
            FinishedAt = report.FinishedAt,
            Messages = report.Warnings,
            SchemaVersion = report.SchemaVersion,
        };
        return new([section], [report.Findings.ToArray()], [[]]);
    }

    private static LoadedReport FromSarif(SarifReport report)
    {
        var sections = new List<ReportSection>();
        var findings = new List<IReadOnlyList<Finding>>();
        var components = new List<IReadOnlyList<Component>>();
        foreach (var run in report.Runs)
        {
            sections.Add(new ReportSection
            {
                Index = sections.Count,
                ReportType = run.Findings.Count > 0 ? run.Findings[0].ReportType : ReportType.Sast,
                Scanner = run.Tool,
                ScannerId = run.Analyzer,
                Succeeded = run.Succeeded,
                StartedAt = run.StartedAt,
                FinishedAt = run.FinishedAt,
                Messages = run.Warnings,
                SchemaVersion = "2.1.0",
            });
            findings.Add(run.Findings.ToArray());
            components.Add([]);
        }

        return new(sections, findings, components);
    }

    private static LoadedReport FromCycloneDx(CycloneDxBom bom)
    {
        var tool = bom.Tools.Count > 0 ? bom.Tools[0] : new ToolInfo("CycloneDX", bom.SpecVersion, "unknown");
        var section = new ReportSection
        {
            Index = 0,
            ReportType = ReportType.DependencyScanning,
            Scanner = tool,
            ScannerId = tool.Name.ToLowerInvariant(),
            SchemaVersion = bom.SpecVersion,
            HasComponents = true,
        };
        return new([section], [bom.Findings.ToArray()], [bom.Components.ToArray()]);
    }

    private static LoadedReport FromNative(ScanResult result)
    {
        var sections = new List<ReportSection>();
        var findings = new List<IReadOnlyList<Finding>>();
        var components = new List<IReadOnlyList<Component>>();
        foreach (var group in result.Findings.GroupBy(f => (f.Analyzer, f.ReportType)))
        {
            sections.Add(new ReportSection
            {
                Index = sections.Count,
                ReportType = group.Key.ReportType,
                Scanner = result.Tool,
                ScannerId = group.Key.Analyzer,
                Succeeded = result.Completed,
                FailureReason = result.IncompleteReason,
                StartedAt = result.StartedAt,
                FinishedAt = result.FinishedAt,
                Messages = new(result.Warnings.Where(w => w.Analyzer is null || w.Analyzer == group.Key.Analyzer).ToArray()),
                HasComponents = group.Key.ReportType == ReportType.DependencyScanning && result.Components.Count > 0,
            });
            findings.Add(group.ToArray());
            components.Add(group.Key.ReportType == ReportType.DependencyScanning ? result.Components.ToArray() : []);
        }

        return new(sections, findings, components);
    }
}
