using Bulwark.Core.Findings;

namespace Bulwark.Core.Reports.Ingestion;

/// <summary>
/// The layout of SAST tools' native JSON (Bandit, Semgrep): one SAST section whose findings are the streamed
/// <c>results</c> array and whose warnings are the <c>errors</c>. Each tool says how it reads its own elements.
/// </summary>
internal sealed class SastResultsLayout(
    ReportSource source,
    Func<ReportElement, ToolInfo> tool,
    string analyzer,
    Func<ReportElement, Finding> readResult,
    Func<ReportElement, ScanWarning> readError,
    string? finishedAtField = null) : ReportLayout(source)
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
                Scanner = tool(Root),
                ScannerId = analyzer,
                FinishedAt = finishedAtField is null ? null : ReportJson.ParseTime(Root.Optional(finishedAtField)),
                Messages = Root.Items("errors").Select(readError).ToEquatableArray(),
            },
        ];
        return Task.FromResult(sections);
    }

    public override IAsyncEnumerable<Finding> ReadFindingsAsync(int section, CancellationToken cancellationToken) =>
        Source.ReadAsync<Finding>("$.results", result => [readResult(result)], cancellationToken);
}
