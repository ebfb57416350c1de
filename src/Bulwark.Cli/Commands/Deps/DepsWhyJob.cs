using Bulwark.Analyzers.Dependencies.Graph;
using Bulwark.Cli.Output;
using Bulwark.Core.Inventory;

namespace Bulwark.Cli.Commands.Deps;

internal sealed record DepsWhyRequest(InventoryRequest Inventory, string Package, string Format, IReadOnlyList<string> Ecosystems, int MaxPaths);

/// <summary><c>bulwark deps why</c>: find the package's components, then every path to each within its lockfile.</summary>
internal static class DepsWhyJob
{
    public static async Task<int> RunAsync(DepsWhyRequest request, CancellationToken cancellationToken)
    {
        var console = new ScanConsole(request.Inventory.Quiet, request.Inventory.Verbose);
        if (!PackageQuery.TryParse(request.Package, out var query))
        {
            console.Error($"PACKAGE: '{request.Package}' names no package (examples: lodash, lodash@4.17.21, @babel/core@7.24.0).");
            return ExitCodes.UsageError;
        }

        var json = request.Format.Trim().ToLowerInvariant() switch
        {
            "text" => false,
            "json" => (bool?)true,
            _ => null,
        };
        if (json is null)
        {
            console.Error($"--format: unknown format '{request.Format}' (text, json).");
            return ExitCodes.UsageError;
        }

        if (request.MaxPaths <= 0)
        {
            console.Error($"--max-paths: {request.MaxPaths} is not a positive number of paths.");
            return ExitCodes.UsageError;
        }

        var (inventory, exitCode) = await DependencyInventory.ScanAsync(request.Inventory, console, cancellationToken);
        if (inventory is null)
        {
            return exitCode;
        }

        var ecosystems = new EcosystemFilter(request.Ecosystems);
        var candidates = inventory.Components.Where(ecosystems.Matches).ToList();
        var found = candidates.Where(query.Matches).ToList();
        if (found.Count == 0)
        {
            console.Error(NotFound(query, candidates, inventory, ecosystems));
            return ExitCodes.FindingsAtThreshold;
        }

        var byFile = inventory.Components.GroupBy(c => c.SourceFile ?? string.Empty, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Component>)g.ToList(), StringComparer.Ordinal);
        var reports = found
            .OrderBy(c => c.SourceFile, StringComparer.Ordinal)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .ThenBy(c => c.Version, StringComparer.Ordinal)
            .Select(c => IntroductionPaths.Find(byFile[c.SourceFile ?? string.Empty], c, request.MaxPaths))
            .ToList();
        var byReference = new Dictionary<string, Component>(StringComparer.Ordinal);
        foreach (var report in reports)
        {
            foreach (var component in byFile[report.Component.SourceFile ?? string.Empty])
            {
                byReference.TryAdd(component.Reference, component);
            }
        }

        var answer = new WhyAnswer(query, reports, byReference);
        if (json.Value)
        {
            using (var stdout = Console.OpenStandardOutput())
            {
                DependencyWhyWriter.WriteJson(answer, stdout);
            }

            Console.Out.WriteLine();
        }
        else
        {
            DependencyWhyWriter.WriteText(answer, Console.Out, request.MaxPaths);
        }

        return ExitCodes.Success;
    }

    private static string NotFound(PackageQuery query, IReadOnlyList<Component> candidates, DependencyInventory inventory, EcosystemFilter ecosystems)
    {
        var scope = ecosystems.IsEmpty ? string.Empty : $" (ecosystem {ecosystems})";
        var where = $"{DepsListJob.Count(candidates.Count, "component")} in {DepsListJob.Count(candidates.Select(c => c.SourceFile).Distinct(StringComparer.Ordinal).Count(), "lockfile")} under {inventory.Result.Target}";
        if (inventory.Components.Count == 0)
        {
            return $"{query} is not in the dependency tree: no lockfile or manifest was found under {inventory.Result.Target}.";
        }

        var sameName = candidates.Where(query.MatchesName).ToList();
        if (sameName.Count > 0)
        {
            var versions = sameName.GroupBy(c => c.Version ?? "(unpinned)", StringComparer.Ordinal)
                .Select(g => $"{g.Key} ({string.Join(", ", g.Select(c => c.SourceFile).Distinct(StringComparer.Ordinal))})");
            return $"{query} is not in the dependency tree{scope}; the versions of {query.Name} found are: {string.Join("; ", versions)}.";
        }

        var similar = candidates.Select(c => c.Name)
            .Where(n => n.Contains(query.Name, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Take(5)
            .ToList();
        var hint = similar.Count > 0 ? $" Similar names: {string.Join(", ", similar)}." : string.Empty;
        return $"{query.Name} is not in the dependency tree{scope} ({where}).{hint}";
    }
}
