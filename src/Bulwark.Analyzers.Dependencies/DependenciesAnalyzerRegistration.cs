using Bulwark.Analyzers.Dependencies.Extraction;
using Bulwark.Analyzers.Dependencies.Licenses;
using Bulwark.Scanning;

namespace Bulwark.Analyzers.Dependencies;

/// <summary>How the CLI (or any host) plugs the dependency analyzer into a scan.</summary>
public static class DependenciesAnalyzerRegistration
{
    /// <summary>The analyzer's short name (<c>--analyzers dependencies</c>).</summary>
    public const string Name = DependenciesAnalyzer.AnalyzerName;

    /// <summary>The option naming the licence policy file (<c>--license-policy</c>); without it the defaults under the root are tried.</summary>
    public const string LicensePolicyOption = "license-policy";

    /// <summary>
    /// The option naming NuGet's global packages folder, whose nuspecs give NuGet components their licences;
    /// empty turns the lookup off. Without it: <c>NUGET_PACKAGES</c>, else <c>~/.nuget/packages</c>.
    /// </summary>
    public const string NuGetPackagesOption = "nuget-packages";

    /// <summary>Where a scan looks for a licence policy when none is given, relative to the scanned root.</summary>
    public static IReadOnlyList<string> DefaultLicensePolicyLocations => LicensePolicyFile.DefaultLocations;

    /// <summary>
    /// A fresh analyzer for one scan; <paramref name="matcher"/> adds vulnerability findings when given. The licence
    /// policy (<see cref="LicensePolicyOption"/>, else a default file under the root) is read here, so a bad one stops
    /// the scan before it starts.
    /// </summary>
    /// <param name="judgeLicenses">False for an inventory alone (<c>bulwark deps</c>): no licence policy is read or applied.</param>
    /// <exception cref="LicensePolicyException">The licence policy file is missing or invalid; the message names file and field.</exception>
    public static IAnalyzer Create(ScanSettings settings, IVulnerabilityMatcher? matcher = null, bool judgeLicenses = true)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var policy = judgeLicenses ? LicensePolicyFile.Find(settings.GetOption(Name, LicensePolicyOption), settings.Root) : null;
        var nugetPackages = settings.GetOption(Name, NuGetPackagesOption) is { } folder
            ? (folder.Length == 0 ? null : Licenses.InstalledTree.RealDirectory(folder, null))
            : NuGetPackagesFolder.Default();
        return new DependenciesAnalyzer(ExtractorRegistry.All, matcher, policy, nugetPackages);
    }

    /// <summary>The formats read, as (extractor name, OSV ecosystem), for coverage docs and <c>bulwark analyzers</c>.</summary>
    public static IReadOnlyList<(string Extractor, string Ecosystem)> Formats =>
        [.. ExtractorRegistry.All.Select(e => (e.Name, e.Ecosystem))];
}
