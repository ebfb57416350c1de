using Bulwark.Analyzers.Dependencies.Extraction;
using Bulwark.Scanning;

namespace Bulwark.Analyzers.Dependencies;

/// <summary>How the CLI (or any host) plugs the dependency analyzer into a scan.</summary>
public static class DependenciesAnalyzerRegistration
{
    /// <summary>The analyzer's short name (<c>--analyzers dependencies</c>).</summary>
    public const string Name = DependenciesAnalyzer.AnalyzerName;

    /// <summary>A fresh analyzer for one scan; <paramref name="matcher"/> adds vulnerability findings when given.</summary>
    public static IAnalyzer Create(ScanSettings settings, IVulnerabilityMatcher? matcher = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new DependenciesAnalyzer(ExtractorRegistry.All, matcher);
    }

    /// <summary>The formats read, as (extractor name, OSV ecosystem), for coverage docs and <c>bulwark analyzers</c>.</summary>
    public static IReadOnlyList<(string Extractor, string Ecosystem)> Formats =>
        [.. ExtractorRegistry.All.Select(e => (e.Name, e.Ecosystem))];
}
