using System.Text.Json;
using Bulwark.Core.Findings;
using Bulwark.Core.Reports.Ingestion;

namespace Bulwark.Core.Reports.Gitleaks;

/// <summary>A gitleaks report is one secret-detection section: the array of leaks, streamed.</summary>
internal sealed class GitleaksLayout(ReportSource source) : ReportLayout(source)
{
    public static readonly string[] StreamedArrays = ["$"];

    public override Task<IReadOnlyList<ReportSection>> ReadSectionsAsync(CancellationToken cancellationToken)
    {
        if (Root.Kind != JsonValueKind.Array)
        {
            throw Root.Error("must be an array of leaks");
        }

        IReadOnlyList<ReportSection> sections =
        [
            new ReportSection
            {
                Index = 0,
                ReportType = ReportType.SecretDetection,
                Scanner = GitleaksReportReader.Tool,
                ScannerId = GitleaksReportReader.Analyzer,
            },
        ];
        return Task.FromResult(sections);
    }

    public override IAsyncEnumerable<Finding> ReadFindingsAsync(int section, CancellationToken cancellationToken) =>
        Source.ReadAsync<Finding>("$", leak => [GitleaksReportReader.ReadLeak(leak)], cancellationToken);
}
