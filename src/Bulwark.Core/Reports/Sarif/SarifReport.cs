using Bulwark.Core.Findings;

namespace Bulwark.Core.Reports.Sarif;

/// <summary>A SARIF log as read: one entry per run, each with the tool that made it and its findings.</summary>
public sealed record SarifReport(EquatableArray<SarifRun> Runs)
{
    public IEnumerable<Finding> Findings => Runs.SelectMany(r => r.Findings);
}

/// <summary>
/// One SARIF run. <see cref="Analyzer"/> is the driver's name without its product prefix
/// (<c>Bulwark secrets</c> of product <c>Bulwark</c> → <c>secrets</c>), else the driver's name.
/// </summary>
public sealed record SarifRun(
    ToolInfo Tool,
    string Analyzer,
    EquatableArray<Finding> Findings,
    EquatableArray<ScanWarning> Warnings,
    bool Succeeded = true,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? FinishedAt = null);
