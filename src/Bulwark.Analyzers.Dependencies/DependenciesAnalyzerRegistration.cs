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

    /// <summary>Cargo's unpacked registry sources (crate licences); empty turns it off. Default: <c>$CARGO_HOME/registry/src</c>, else <c>~/.cargo/registry/src</c>.</summary>
    public const string CargoRegistryOption = "cargo-registry";

    /// <summary>Go's module cache (module licence files); empty turns it off. Default: <c>GOMODCACHE</c>, else <c>$GOPATH/pkg/mod</c>, else <c>~/go/pkg/mod</c>.</summary>
    public const string GoModulesOption = "go-mod-cache";

    /// <summary>Maven's local repository (pom licences); empty turns it off. Default: <c>~/.m2/repository</c>.</summary>
    public const string MavenRepositoryOption = "maven-repository";

    /// <summary>Gradle's module cache (pom licences); empty turns it off. Default: <c>$GRADLE_USER_HOME</c> (else <c>~/.gradle</c>) <c>/caches/modules-2/files-2.1</c>.</summary>
    public const string GradleModulesOption = "gradle-modules";

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
        var caches = PackageCaches.FromEnvironment(option => settings.GetOption(Name, option));
        return new DependenciesAnalyzer(ExtractorRegistry.All, matcher, policy, caches);
    }

    /// <summary>The formats read, as (extractor name, OSV ecosystem), for coverage docs and <c>bulwark analyzers</c>.</summary>
    public static IReadOnlyList<(string Extractor, string Ecosystem)> Formats =>
        [.. ExtractorRegistry.All.Select(e => (e.Name, e.Ecosystem))];
}
