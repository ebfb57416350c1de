using Bulwark.Cli.Output;

namespace Bulwark.Cli.Commands.Deps;

internal sealed record DepsListRequest(
    InventoryRequest Inventory,
    string Format,
    IReadOnlyList<string> Ecosystems,
    bool VulnerableOnly,
    bool DevelopmentOnly,
    bool NoDevelopment);

/// <summary><c>bulwark deps list</c>: scan, filter, sort, write.</summary>
internal static class DepsListJob
{
    public static async Task<int> RunAsync(DepsListRequest request, CancellationToken cancellationToken)
    {
        var console = new ScanConsole(request.Inventory.Quiet, request.Inventory.Verbose);
        if (!DependencyListWriter.TryParseFormat(request.Format, out var format))
        {
            console.Error($"--format: unknown format '{request.Format}' (table, json, csv).");
            return ExitCodes.UsageError;
        }

        if (request.DevelopmentOnly && request.NoDevelopment)
        {
            console.Error("--dev and --no-dev exclude each other: --dev lists only development dependencies, --no-dev leaves them out.");
            return ExitCodes.UsageError;
        }

        var (inventory, exitCode) = await DependencyInventory.ScanAsync(request.Inventory, console, cancellationToken);
        if (inventory is null)
        {
            return exitCode;
        }

        if (request.VulnerableOnly && !inventory.Matched)
        {
            console.Error("--vulnerable needs an advisory database: give one with --advisory-db FILE, or create the default with: bulwark db import PATH...");
            return ExitCodes.UsageError;
        }

        var ecosystems = new EcosystemFilter(request.Ecosystems);
        var rows = inventory.Components
            .Where(ecosystems.Matches)
            .Where(c => !request.DevelopmentOnly || c.IsDevelopment)
            .Where(c => !request.NoDevelopment || !c.IsDevelopment)
            .Select(c => DependencyRow.From(c, inventory))
            .Where(r => !request.VulnerableOnly || r.VulnerabilityCount > 0)
            .OrderBy(r => r.Component.Ecosystem, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.Component.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.Component.Name, StringComparer.Ordinal)
            .ThenBy(r => r.Component.Version, StringComparer.Ordinal)
            .ThenBy(r => r.Component.SourceFile, StringComparer.Ordinal)
            .ToList();

        if (!ecosystems.IsEmpty && !inventory.Components.Any(ecosystems.Matches))
        {
            console.Notice($"No component of ecosystem {ecosystems} (ecosystems in this tree: {EcosystemFilter.Present(inventory.Components)}).");
        }

        switch (format)
        {
            case DependencyListFormat.Json:
                using (var stdout = Console.OpenStandardOutput())
                {
                    DependencyListWriter.WriteJson(rows, inventory, stdout);
                }

                Console.Out.WriteLine();
                break;
            case DependencyListFormat.Csv:
                DependencyListWriter.WriteCsv(rows, Console.Out);
                break;
            default:
                DependencyListWriter.WriteTable(rows, inventory.Matched, Console.Out, !Console.IsOutputRedirected);
                if (!request.Inventory.Quiet)
                {
                    console.Notice(Summary(rows, inventory));
                }

                break;
        }

        return ExitCodes.Success;
    }

    internal static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count:N0} {noun}s";

    private static string Summary(IReadOnlyList<DependencyRow> rows, DependencyInventory inventory)
    {
        var lockfiles = rows.Select(r => r.Component.SourceFile).Distinct(StringComparer.Ordinal).Count();
        var direct = rows.Count(r => r.Component.IsDirect);
        var text = $"{Count(rows.Count, "component")} ({direct} direct) from {Count(lockfiles, "lockfile")}";
        return inventory.Matched
            ? $"{text}; {rows.Count(r => r.VulnerabilityCount > 0)} with known vulnerabilities ({inventory.AdvisoryDatabase})."
            : text + "; not matched against advisories (no advisory database).";
    }
}
