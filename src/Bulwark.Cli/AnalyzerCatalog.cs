using Bulwark.Advisories.Storage;
using Bulwark.Analyzers.Dependencies;
using Bulwark.Analyzers.Dependencies.Licenses;
using Bulwark.Analyzers.Dependencies.Vulnerabilities;
using Bulwark.Analyzers.Secrets;
using Bulwark.Scanning;

namespace Bulwark.Cli;

/// <summary>
/// The one explicit list of analyzers the CLI knows. Each entry creates a fresh analyzer for one scan.
/// </summary>
internal static class AnalyzerCatalog
{
    private static readonly IReadOnlyList<(string Name, Func<ScanSettings, IAnalyzer> Create)> Entries =
    [
        ("secrets", CreateSecrets),
        (DependenciesAnalyzerRegistration.Name, CreateDependencies),
    ];

    private static IAnalyzer CreateSecrets(ScanSettings settings)
    {
        try
        {
            return SecretsAnalyzerRegistration.Create(settings);
        }
        catch (SecretConfigException e)
        {
            throw new ScanConfigurationException(e.Message, e);
        }
    }

    /// <summary>The advisory database a scan matches dependencies against: <c>--advisory-db</c>, else the default file.</summary>
    public static string AdvisoryDatabasePath(ScanSettings settings) =>
        settings.GetOption(DependenciesAnalyzerRegistration.Name, "advisory-db") ?? AdvisoryDatabase.DefaultPath;

    /// <summary>
    /// The dependencies analyzer on its own (<c>bulwark deps</c>): matched against the advisory database only when
    /// <paramref name="matchAdvisories"/> and a database exists. Licences are listed, not judged: the licence policy is
    /// <c>bulwark scan</c>'s, so its findings never show up as a component's vulnerabilities.
    /// </summary>
    public static IAnalyzer CreateDependencies(ScanSettings settings, bool matchAdvisories) =>
        matchAdvisories ? CreateDependencyAnalyzer(settings, judgeLicenses: false) : CreateDependencyAnalyzer(settings, judgeLicenses: false, match: false);

    private static IAnalyzer CreateDependencies(ScanSettings settings) => CreateDependencyAnalyzer(settings, judgeLicenses: true);

    private static IAnalyzer CreateDependencyAnalyzer(ScanSettings settings, bool judgeLicenses, bool match = true)
    {
        try
        {
            return match ? CreateDependenciesWithPolicy(settings, judgeLicenses) : DependenciesAnalyzerRegistration.Create(settings, judgeLicenses: judgeLicenses);
        }
        catch (LicensePolicyException e)
        {
            throw new ScanConfigurationException($"licence policy: {e.Message}", e);
        }
    }

    private static IAnalyzer CreateDependenciesWithPolicy(ScanSettings settings, bool judgeLicenses)
    {
        var path = AdvisoryDatabasePath(settings);
        if (!File.Exists(path))
        {
            // No database: the inventory (SBOM) is still produced; the scan says plainly that nothing was matched.
            return DependenciesAnalyzerRegistration.Create(settings, new MissingAdvisoryDatabase(path), judgeLicenses);
        }

        try
        {
            // Read-only: a scan never writes the database, so `db update` can swap a new file in under it.
            return DependenciesAnalyzerRegistration.Create(settings, new OsvDatabaseMatcher(AdvisoryDatabase.OpenReadOnly(path)), judgeLicenses);
        }
        catch (AdvisoryDatabaseException e)
        {
            throw new ScanConfigurationException($"--advisory-db: {e.Message}", e);
        }
    }

    public static IReadOnlyList<string> Names => [.. Entries.Select(e => e.Name)];

    /// <summary>Creates the named analyzers; "all" (or nothing) selects every one, "none" selects none.</summary>
    public static IReadOnlyList<IAnalyzer> Create(IReadOnlyList<string> names, ScanSettings settings)
    {
        if (names.Count == 0 || names.Contains("all", StringComparer.OrdinalIgnoreCase))
        {
            return [.. Entries.Select(e => e.Create(settings))];
        }

        if (names.Count == 1 && string.Equals(names[0], "none", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        var unknown = names.Where(n => !Entries.Any(e => string.Equals(e.Name, n, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
        {
            throw new ScanConfigurationException(
                $"--analyzers: unknown analyzer '{string.Join("', '", unknown)}'. Known: {string.Join(", ", Names)} (or all, none).");
        }

        return [.. Entries.Where(e => names.Contains(e.Name, StringComparer.OrdinalIgnoreCase)).Select(e => e.Create(settings))];
    }
}
