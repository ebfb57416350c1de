using System.Globalization;
using System.Runtime.CompilerServices;
using Bulwark.Core.Findings;
using Bulwark.Core.Inventory;
using Bulwark.Core.Reports.Ingestion;

namespace Bulwark.Core.Reports.Trivy;

/// <summary>
/// A Trivy report is a section per report type its results make: container or dependency scanning
/// (vulnerabilities, and packages when listed), SAST (misconfigurations), secret detection. A section exists
/// when a result of its class does, even without findings, so a clean rescan clears what is gone; an image
/// always has a container-scanning section.
/// </summary>
internal sealed class TrivyLayout(ReportSource source) : ReportLayout(source)
{
    public static readonly string[] StreamedArrays =
    [
        "$.Results[*].Vulnerabilities", "$.Results[*].Misconfigurations", "$.Results[*].Secrets", "$.Results[*].Packages", "$.Results[*].Licenses",
        "$[*].Vulnerabilities", "$[*].Packages",
    ];

    private static readonly ReportType[] Order =
        [ReportType.ContainerScanning, ReportType.DependencyScanning, ReportType.Sast, ReportType.SecretDetection];

    private TrivyArtifact? _artifact;
    private List<TrivyResult> _results = [];
    private List<ReportType> _types = [];

    public override Task<IReadOnlyList<ReportSection>> ReadSectionsAsync(CancellationToken cancellationToken)
    {
        var artifact = TrivyReportReader.ReadArtifact(Root);
        _artifact = artifact;
        _results = TrivyReportReader.ReadResults(Root).ToList();
        var present = _results.SelectMany(TypesOf).ToHashSet();
        if (artifact.IsImage)
        {
            present.Add(ReportType.ContainerScanning);
        }

        _types = Order.Where(present.Contains).ToList();
        IReadOnlyList<ReportSection> sections = _types.Select((type, index) => new ReportSection
        {
            Index = index,
            ReportType = type,
            Scanner = artifact.Tool,
            ScannerId = TrivyReportReader.Analyzer,
            FinishedAt = artifact.CreatedAt,
            SchemaVersion = artifact.SchemaVersion,
            HasComponents = type is ReportType.ContainerScanning or ReportType.DependencyScanning
                && _results.Any(r => TypesOf(r).Contains(type) && Source.Array(Path(r, "Packages")) is { Count: > 0 }),
        }).ToList();
        return Task.FromResult(sections);
    }

    public override IAsyncEnumerable<Finding> ReadFindingsAsync(int section, CancellationToken cancellationToken)
    {
        var type = _types[section];
        var artifact = _artifact!;
        var arrays = new List<(string, Func<ReportElement, IEnumerable<Finding>>)>();
        foreach (var result in _results.Where(r => TypesOf(r).Contains(type)))
        {
            switch (type)
            {
                case ReportType.ContainerScanning or ReportType.DependencyScanning:
                    arrays.Add((Path(result, "Vulnerabilities"), v => [TrivyReportReader.ReadVulnerability(v, artifact, result)]));
                    break;
                case ReportType.Sast:
                    arrays.Add((Path(result, "Misconfigurations"), m => TrivyReportReader.ReadMisconfiguration(m, result)));
                    break;
                case ReportType.SecretDetection:
                    arrays.Add((Path(result, "Secrets"), s => [TrivyReportReader.ReadSecret(s, result)]));
                    break;
            }
        }

        return ConcatAsync(arrays, cancellationToken);
    }

    public override async IAsyncEnumerable<Component> ReadComponentsAsync(int section, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var type = _types[section];
        foreach (var result in _results.Where(r => TypesOf(r).Contains(type)))
        {
            var path = Path(result, "Packages");

            // Two passes: a package depends on others by Trivy id, possibly listed after it.
            var references = new Dictionary<string, string>(StringComparer.Ordinal);
            await Source.ForEachAsync(path, p =>
            {
                var (id, component, _) = TrivyReportReader.ReadPackage(p, result);
                if (id is not null)
                {
                    references.TryAdd(id, component.Reference);
                }
            }, cancellationToken).ConfigureAwait(false);

            await foreach (var component in Source.ReadAsync<Component>(path, p =>
            {
                var (_, component, dependsOn) = TrivyReportReader.ReadPackage(p, result);
                return [component with { DependsOn = dependsOn.Where(references.ContainsKey).Select(d => references[d]).ToEquatableArray() }];
            }, cancellationToken).ConfigureAwait(false))
            {
                yield return component;
            }
        }
    }

    /// <summary>The sections a result feeds, from its class (and, for old reports without one, what it holds).</summary>
    private IEnumerable<ReportType> TypesOf(TrivyResult result)
    {
        switch (result.Class)
        {
            case "os-pkgs" or "lang-pkgs":
                yield return TrivyReportReader.PackageReportType(_artifact!, result);
                break;
            case "config":
                yield return ReportType.Sast;
                break;
            case "secret":
                yield return ReportType.SecretDetection;
                break;
            case null:
                if (Source.Array(Path(result, "Vulnerabilities")) is not null || Source.Array(Path(result, "Packages")) is not null)
                {
                    yield return TrivyReportReader.PackageReportType(_artifact!, result);
                }

                if (Source.Array(Path(result, "Misconfigurations")) is not null)
                {
                    yield return ReportType.Sast;
                }

                if (Source.Array(Path(result, "Secrets")) is not null)
                {
                    yield return ReportType.SecretDetection;
                }

                break;
        }
    }

    /// <summary>Where a result's array is: in <c>Results</c>, or in the top-level array of reports before Trivy 0.20.</summary>
    private string Path(TrivyResult result, string array) =>
        Root.Kind == System.Text.Json.JsonValueKind.Array
            ? $"$[{result.Index.ToString(CultureInfo.InvariantCulture)}].{array}"
            : $"$.Results[{result.Index.ToString(CultureInfo.InvariantCulture)}].{array}";
}
