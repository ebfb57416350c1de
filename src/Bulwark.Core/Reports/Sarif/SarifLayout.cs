using System.Globalization;
using Bulwark.Core.Findings;
using Bulwark.Core.Reports.Ingestion;

namespace Bulwark.Core.Reports.Sarif;

/// <summary>A SARIF log is a section per run; a run's results are streamed, everything else of it is read up front.</summary>
internal sealed class SarifLayout(ReportSource source) : ReportLayout(source)
{
    public static readonly string[] StreamedArrays = ["$.runs[*].results"];

    private readonly List<SarifReportReader.RunContext> _runs = [];

    public override async Task<IReadOnlyList<ReportSection>> ReadSectionsAsync(CancellationToken cancellationToken)
    {
        SarifReportReader.CheckVersion(Root);
        var sections = new List<ReportSection>();
        foreach (var run in Root.Required("runs").Items())
        {
            var (header, context) = SarifReportReader.ReadRunHeader(run);
            _runs.Add(context);

            // A run's type is its first finding's (a tag can make it secret detection); an empty run is SAST.
            var type = await Source.FirstAsync(Results(sections.Count), r => context.ReadFindings(r).Select(f => (ReportType?)f.ReportType), cancellationToken)
                .ConfigureAwait(false);
            sections.Add(new ReportSection
            {
                Index = sections.Count,
                ReportType = type ?? ReportType.Sast,
                Scanner = header.Tool,
                ScannerId = header.Analyzer,
                Succeeded = header.Succeeded,
                StartedAt = header.StartedAt,
                FinishedAt = header.FinishedAt,
                Messages = header.Warnings,
                SchemaVersion = "2.1.0",
            });
        }

        return sections;
    }

    public override IAsyncEnumerable<Finding> ReadFindingsAsync(int section, CancellationToken cancellationToken) =>
        Source.ReadAsync(Results(section), _runs[section].ReadFindings, cancellationToken);

    private static string Results(int run) => $"$.runs[{run.ToString(CultureInfo.InvariantCulture)}].results";
}
