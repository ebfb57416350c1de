using Bulwark.Core.Findings;
using Bulwark.Core.Inventory;
using Bulwark.Core.Reports.Ingestion;

namespace Bulwark.Core.Reports.Native;

/// <summary>
/// A Bulwark report is a section per analyzer and report type: every analyzer that ran for a report type
/// (so a scan that found nothing still says so), then any other pair its findings name. The inventory
/// belongs to the dependency-scanning section of the analyzer that listed it.
/// </summary>
internal sealed class NativeLayout(ReportSource source) : ReportLayout(source)
{
    private const string Findings = "$.findings";
    private const string Components = "$.components";

    public static readonly string[] StreamedArrays = [Findings, Components];

    private readonly List<(string Analyzer, ReportType ReportType)> _keys = [];

    public override async Task<IReadOnlyList<ReportSection>> ReadSectionsAsync(CancellationToken cancellationToken)
    {
        var scan = NativeReportReader.ReadHeader(Root);
        foreach (var run in scan.Analyzers)
        {
            if (run.ReportType is { } type && !_keys.Contains((run.Name, type)))
            {
                _keys.Add((run.Name, type));
            }
        }

        await Source.ForEachAsync(Findings, f =>
        {
            var key = NativeReportReader.ReadSectionKey(f);
            if (!_keys.Contains(key))
            {
                _keys.Add(key);
            }
        }, cancellationToken).ConfigureAwait(false);

        var hasComponents = Source.Array(Components) is { Count: > 0 };
        var inventory = scan.Analyzers.FirstOrDefault(a => a.ComponentCount > 0)?.Name
            ?? _keys.FirstOrDefault(k => k.ReportType == ReportType.DependencyScanning).Analyzer;
        return _keys.Select((key, index) => new ReportSection
        {
            Index = index,
            ReportType = key.ReportType,
            Scanner = scan.Tool,
            ScannerId = key.Analyzer,
            Succeeded = scan.Completed,
            FailureReason = scan.IncompleteReason,
            StartedAt = scan.StartedAt,
            FinishedAt = scan.FinishedAt,
            Messages = scan.Warnings.Where(w => w.Analyzer is null || w.Analyzer == key.Analyzer).ToEquatableArray(),
            HasComponents = hasComponents && key.ReportType == ReportType.DependencyScanning && key.Analyzer == inventory,
        }).ToList();
    }

    public override IAsyncEnumerable<Finding> ReadFindingsAsync(int section, CancellationToken cancellationToken)
    {
        var key = _keys[section];
        return Source.ReadAsync<Finding>(Findings, f => NativeReportReader.ReadSectionKey(f) == key ? [NativeReportReader.ReadFinding(f)] : Array.Empty<Finding>(), cancellationToken);
    }

    public override IAsyncEnumerable<Component> ReadComponentsAsync(int section, CancellationToken cancellationToken) =>
        Source.ReadAsync<Component>(Components, c => [NativeReportReader.ReadComponent(c)], cancellationToken);
}
