using Bulwark.Analyzers.Dependencies;
using Bulwark.Cli.Output;
using Bulwark.Core;
using Bulwark.Core.Findings;
using Bulwark.Core.Inventory;
using Bulwark.Scanning;

namespace Bulwark.Cli.Commands.Deps;

/// <summary>What <c>bulwark deps</c> asks of the tree: where, what to leave out, and whether to match advisories.</summary>
internal sealed record InventoryRequest(
    string Path,
    IReadOnlyList<string> Excludes,
    string MaxFileSize,
    string? AdvisoryDatabase,
    bool MatchAdvisories,
    bool Quiet,
    bool Verbose);

/// <summary>
/// The dependency inventory of a tree, made by the same engine as <c>bulwark scan</c> (one walk, the dependencies
/// analyzer alone), with the vulnerabilities of each component when an advisory database was matched.
/// </summary>
internal sealed class DependencyInventory
{
    private readonly Dictionary<(string File, string Name, string Version), List<Finding>> _findings;

    private DependencyInventory(ScanResult result, string? advisoryDatabase)
    {
        Result = result;
        AdvisoryDatabase = advisoryDatabase;
        _findings = [];
        foreach (var finding in result.Findings)
        {
            if (finding.Location is DependencyLocation location)
            {
                var key = (location.File, location.Dependency.Package, location.Dependency.Version);
                if (!_findings.TryGetValue(key, out var list))
                {
                    _findings[key] = list = [];
                }

                list.Add(finding);
            }
        }
    }

    public ScanResult Result { get; }

    public IReadOnlyList<Component> Components => Result.Components;

    /// <summary>The database the components were matched against; null when they were not matched.</summary>
    public string? AdvisoryDatabase { get; }

    public bool Matched => AdvisoryDatabase is not null;

    /// <summary>The vulnerability findings of one component (empty when none, or when nothing was matched).</summary>
    public IReadOnlyList<Finding> VulnerabilitiesOf(Component component) =>
        component.Version is { } version && _findings.TryGetValue((component.SourceFile ?? component.Name, component.Name, version), out var list)
            ? list
            : [];

    /// <summary>Validates the request, scans, and prints the scan's warnings; the exit code when it cannot go on.</summary>
    public static async Task<(DependencyInventory? Inventory, int ExitCode)> ScanAsync(InventoryRequest request, ScanConsole console,
        CancellationToken cancellationToken)
    {
        if (!Directory.Exists(request.Path))
        {
            console.Error($"PATH: '{request.Path}' is not a directory.");
            return (null, ExitCodes.UsageError);
        }

        if (!ScanCommand.TryParseSize(request.MaxFileSize, out var maxFileSize))
        {
            console.Error($"--max-file-size: '{request.MaxFileSize}' is not a size (examples: 512k, 10m, 1g).");
            return (null, ExitCodes.UsageError);
        }

        var options = new Dictionary<string, string>();
        if (request.AdvisoryDatabase is { } named)
        {
            if (!File.Exists(named))
            {
                console.Error($"--advisory-db: file '{named}' does not exist. Create it with: bulwark db import PATH... --db {named}");
                return (null, ExitCodes.UsageError);
            }

            options[$"{DependenciesAnalyzerRegistration.Name}.advisory-db"] = Path.GetFullPath(named);
        }

        var root = Path.GetFullPath(request.Path);
        var settings = new ScanSettings { Root = root, MaxFileSize = maxFileSize, Options = options };
        var database = AnalyzerCatalog.AdvisoryDatabasePath(settings);
        var match = request.MatchAdvisories && File.Exists(database);
        ScanResult result;
        try
        {
            var runner = new ScanRunner([AnalyzerCatalog.CreateDependencies(settings, match)]);
            var scanOptions = new ScanOptions { Settings = settings, Workspace = new WorkspaceOptions { Excludes = request.Excludes } };
            result = await Task.Run(() => runner.Run(scanOptions, ToolInfo.Bulwark(ScanJob.Version), cancellationToken), CancellationToken.None);
        }
        catch (ScanConfigurationException e)
        {
            console.Error(e.Message);
            return (null, ExitCodes.UsageError);
        }

        console.Warnings(result);
        if (!result.Completed)
        {
            console.Error($"The dependency inventory is incomplete: {result.IncompleteReason}.");
            return (null, ExitCodes.Incomplete);
        }

        if (request.MatchAdvisories && !match)
        {
            console.Notice($"No advisory database at {database}: components are listed without vulnerabilities. Create one with: bulwark db import PATH...");
        }

        return (new DependencyInventory(result, match ? database : null), ExitCodes.Success);
    }
}
