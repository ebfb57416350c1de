using System.Text;
using Bulwark.Core.Findings;
using Bulwark.Core.Inventory;
using Bulwark.Core.Reports.Ingestion;

namespace Bulwark.Core.Tests.Reports.Ingestion;

/// <summary>A report read the way the platform reads an upload: detect, open, every section's findings and components.</summary>
internal sealed record IngestedReport(
    ReportFormat Format,
    IReadOnlyList<ReportSection> Sections,
    IReadOnlyList<IReadOnlyList<Finding>> Findings,
    IReadOnlyList<IReadOnlyList<Component>> Components)
{
    public IEnumerable<Finding> AllFindings => Findings.SelectMany(f => f);

    public IReadOnlyList<Finding> FindingsOf(ReportType type) => Findings[Sections.Single(s => s.ReportType == type).Index];
}

internal static class Ingest
{
    public static MemoryStream Stream(string json) => new(Encoding.UTF8.GetBytes(json));

    public static Task<IngestedReport> TextAsync(string json) => StreamAsync(Stream(json));

    public static async Task<IngestedReport> FixtureAsync(string name)
    {
        await using var file = File.OpenRead(SchemaValidator.FixturePath(name));
        return await StreamAsync(file);
    }

    public static async Task<IngestedReport> StreamAsync(Stream stream)
    {
        var format = SecurityReportReader.DetectFormat(stream);
        using var report = await SecurityReportReader.OpenAsync(stream, format);
        var findings = new List<IReadOnlyList<Finding>>();
        var components = new List<IReadOnlyList<Component>>();
        foreach (var section in report.Sections)
        {
            findings.Add(await report.ReadFindingsAsync(section.Index).ToListAsync());
            components.Add(await report.ReadComponentsAsync(section.Index).ToListAsync());
        }

        Assert.Equal(0, stream.Position);
        return new IngestedReport(format, report.Sections, findings, components);
    }
}
