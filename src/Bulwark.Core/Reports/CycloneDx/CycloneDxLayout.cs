using System.Runtime.CompilerServices;
using Bulwark.Core.Findings;
using Bulwark.Core.Inventory;
using Bulwark.Core.Reports.Ingestion;

namespace Bulwark.Core.Reports.CycloneDx;

/// <summary>
/// A BOM is one dependency-scanning section. Its components, graph and vulnerabilities are streamed; what
/// links them (the graph, and each component by bom-ref while vulnerabilities are read) is the only part
/// held in memory, a small record per component rather than the document.
/// </summary>
internal sealed class CycloneDxLayout(ReportSource source) : ReportLayout(source)
{
    private const string Components = "$.components";
    private const string Dependencies = "$.dependencies";
    private const string Vulnerabilities = "$.vulnerabilities";

    public static readonly string[] StreamedArrays = [Components, Dependencies, Vulnerabilities];

    public override Task<IReadOnlyList<ReportSection>> ReadSectionsAsync(CancellationToken cancellationToken)
    {
        var bom = CycloneDxReader.ReadHeader(Root);
        var tool = bom.Tools.Count > 0 ? bom.Tools[0] : new ToolInfo("CycloneDX", bom.SpecVersion, "unknown");
        IReadOnlyList<ReportSection> sections =
        [
            new ReportSection
            {
                Index = 0,
                ReportType = ReportType.DependencyScanning,
                Scanner = tool,
                ScannerId = tool.Name.ToLowerInvariant(),
                SchemaVersion = bom.SpecVersion,
                HasComponents = Source.Array(Components) is { Count: > 0 },
            },
        ];
        return Task.FromResult(sections);
    }

    public override async IAsyncEnumerable<Finding> ReadFindingsAsync(int section, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Source.Array(Vulnerabilities) is not { Count: > 0 })
        {
            yield break;
        }

        var graph = await ReadGraphAsync(cancellationToken).ConfigureAwait(false);
        var byBomRef = new Dictionary<string, Component>(StringComparer.Ordinal);
        await foreach (var (bomRef, component) in Source.ReadAsync(Components, c => CycloneDxReader.ReadComponents(c, graph), cancellationToken).ConfigureAwait(false))
        {
            if (bomRef is not null)
            {
                byBomRef.TryAdd(bomRef, component);
            }
        }

        await foreach (var finding in Source.ReadAsync(Vulnerabilities, v => CycloneDxReader.ReadVulnerability(v, byBomRef), cancellationToken).ConfigureAwait(false))
        {
            yield return finding;
        }
    }

    public override async IAsyncEnumerable<Component> ReadComponentsAsync(int section, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var graph = await ReadGraphAsync(cancellationToken).ConfigureAwait(false);

        // Two passes: what a component depends on is named by bom-ref, possibly of a component listed later.
        await foreach (var (bomRef, component) in Source.ReadAsync(Components, c => CycloneDxReader.ReadComponents(c, graph), cancellationToken).ConfigureAwait(false))
        {
            graph.Remember(bomRef, component);
        }

        await foreach (var (bomRef, component) in Source.ReadAsync(Components, c => CycloneDxReader.ReadComponents(c, graph), cancellationToken).ConfigureAwait(false))
        {
            yield return graph.Resolve(component, bomRef);
        }
    }

    private async Task<CycloneDxGraph> ReadGraphAsync(CancellationToken cancellationToken)
    {
        var graph = new CycloneDxGraph(CycloneDxReader.SubjectReference(Root));
        await Source.ForEachAsync(Dependencies, graph.Add, cancellationToken).ConfigureAwait(false);
        await Source.ForEachAsync(Components, c =>
        {
            foreach (var component in CycloneDxReader.Flatten(c))
            {
                graph.AddManifest(component);
            }
        }, cancellationToken).ConfigureAwait(false);
        return graph;
    }
}
