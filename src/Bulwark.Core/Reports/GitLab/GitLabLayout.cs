using Bulwark.Core.Findings;
using Bulwark.Core.Inventory;
using Bulwark.Core.Reports.Ingestion;

namespace Bulwark.Core.Reports.GitLab;

/// <summary>A GitLab security report is one section: its vulnerabilities, and the dependency files of 14.x dependency scanning.</summary>
internal sealed class GitLabLayout(ReportSource source) : ReportLayout(source)
{
    public const string Vulnerabilities = "$.vulnerabilities";

    public const string DependencyFiles = "$.dependency_files";

    /// <summary><c>remediations</c> (patches, possibly large) are streamed past and never read.</summary>
    public static readonly string[] StreamedArrays = [Vulnerabilities, DependencyFiles, "$.remediations"];

    private GitLabReport? _report;

    public override async Task<IReadOnlyList<ReportSection>> ReadSectionsAsync(CancellationToken cancellationToken)
    {
        var report = await Source.WithFirstAsync(Vulnerabilities, first => GitLabReportReader.ReadHeader(Root, first), cancellationToken)
            .ConfigureAwait(false);
        _report = report;
        return
        [
            new ReportSection
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
                HasComponents = Source.Array(DependencyFiles) is { Count: > 0 },
            },
        ];
    }

    public override IAsyncEnumerable<Finding> ReadFindingsAsync(int section, CancellationToken cancellationToken)
    {
        var report = _report!;
        return Source.ReadAsync<Finding>(Vulnerabilities, v => [GitLabReportReader.ReadFinding(v, report.ReportType, report.Analyzer)], cancellationToken);
    }

    public override IAsyncEnumerable<Component> ReadComponentsAsync(int section, CancellationToken cancellationToken) =>
        Source.ReadAsync<Component>(DependencyFiles, GitLabReportReader.ReadDependencyFile, cancellationToken);
}
