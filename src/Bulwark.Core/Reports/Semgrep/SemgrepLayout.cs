using Bulwark.Core.Findings;
using Bulwark.Core.Reports.Ingestion;

namespace Bulwark.Core.Reports.Semgrep;

/// <summary>A Semgrep report is one SAST section: its <c>results</c> streamed, its <c>errors</c> the section's warnings.</summary>
internal sealed class SemgrepLayout(ReportSource source) : ReportLayout(source)
{
    public static readonly string[] StreamedArrays = ["$.results"];

    public override Task<IReadOnlyList<ReportSection>> ReadSectionsAsync(CancellationToken cancellationToken)
    {
        Root.ExpectObject();
        Root.Required("results");
        IReadOnlyList<ReportSection> sections =
        [
            new ReportSection
            {
                Index = 0,
                ReportType = ReportType.Sast,
                Scanner = SemgrepReportReader.Tool(Root.OptionalText("version")),
                ScannerId = SemgrepReportReader.Analyzer,
                Messages = Root.Items("errors").Select(SemgrepReportReader.ReadError).ToEquatableArray(),
            },
        ];
        return Task.FromResult(sections);
    }

    public override IAsyncEnumerable<Finding> ReadFindingsAsync(int section, CancellationToken cancellationToken) =>
        Source.ReadAsync<Finding>("$.results", result => [SemgrepReportReader.ReadResult(result)], cancellationToken);
}
