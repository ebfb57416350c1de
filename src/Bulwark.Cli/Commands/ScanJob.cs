using System.Reflection;
using Bulwark.Cli.Output;
using Bulwark.Core;
using Bulwark.Core.Findings;
using Bulwark.Scanning;

namespace Bulwark.Cli.Commands;

/// <summary>Runs one scan request end to end: validate, scan, write reports, summarise, pick the exit code.</summary>
internal static class ScanJob
{
    public static async Task<int> RunAsync(ScanRequest request, CancellationToken cancellationToken)
    {
        var console = new ScanConsole(request.Quiet, request.Verbose);

        if (!Directory.Exists(request.Path))
        {
            console.Error($"PATH: '{request.Path}' is not a directory.");
            return ExitCodes.UsageError;
        }

        if (!ScanCommand.TryParseFailOn(request.FailOn, out var failOn))
        {
            console.Error($"--fail-on: '{request.FailOn}' is not a severity (critical, high, medium, low, info, unknown, none).");
            return ExitCodes.UsageError;
        }

        if (!ScanCommand.TryParseSize(request.MaxFileSize, out var maxFileSize))
        {
            console.Error($"--max-file-size: '{request.MaxFileSize}' is not a size (examples: 512k, 10m, 1g).");
            return ExitCodes.UsageError;
        }

        if (!ReportPublisher.TryParseFormats(request.Formats, out var formats, out var badFormat))
        {
            console.Error($"--format: unknown format '{badFormat}' (gitlab, sarif, cyclonedx, json).");
            return ExitCodes.UsageError;
        }

        if (request.SecretsConfig is { } config && !File.Exists(config))
        {
            console.Error($"--secrets-config: file '{config}' does not exist.");
            return ExitCodes.UsageError;
        }

        var root = Path.GetFullPath(request.Path);
        var options = new Dictionary<string, string>();
        if (request.SecretsConfig is { } secretsConfig)
        {
            options["secrets.config"] = Path.GetFullPath(secretsConfig);
        }

        if (request.AdvisoryDatabase is { } advisoryDatabase)
        {
            if (!File.Exists(advisoryDatabase))
            {
                console.Error($"--advisory-db: file '{advisoryDatabase}' does not exist. Create it with: bulwark db update --db {advisoryDatabase}");
                return ExitCodes.UsageError;
            }

            options["dependencies.advisory-db"] = Path.GetFullPath(advisoryDatabase);
        }

        if (request.LicensePolicy is { } licensePolicy)
        {
            if (!File.Exists(licensePolicy))
            {
                console.Error($"--license-policy: file '{licensePolicy}' does not exist.");
                return ExitCodes.UsageError;
            }

            options["dependencies.license-policy"] = licensePolicy;
        }

        if (request.ShowInvalid)
        {
            options["secrets.show-invalid"] = "true";
        }

        var settings = new ScanSettings
        {
            Root = root,
            Offline = request.Offline,
            NoRedact = request.NoRedact,
            MaxFileSize = maxFileSize,
            Options = options,
        };

        ScanResult result;
        IReadOnlyList<IAnalyzer> analyzers;
        try
        {
            analyzers = AnalyzerCatalog.Create(request.Analyzers, settings);
            _ = ReportPublisher.PrepareAsync(formats, ReportTypes(analyzers), ToolInfo.Bulwark(Version), root);
            var runner = new ScanRunner(analyzers);
            var scanOptions = new ScanOptions
            {
                Settings = settings,
                Workspace = new WorkspaceOptions { Excludes = request.Excludes },
            };
            result = await console.RunWithProgressAsync(root, runner,
                ct => runner.Run(scanOptions, ToolInfo.Bulwark(Version), ct), cancellationToken);
        }
        catch (ScanConfigurationException e)
        {
            console.Error(e.Message);
            return ExitCodes.UsageError;
        }

        var projectId = request.ProjectId
            ?? Environment.GetEnvironmentVariable("CI_PROJECT_ID")
            ?? new DirectoryInfo(root).Name;

        IReadOnlyList<string> written;
        try
        {
            written = await ReportPublisher.WriteAsync(result, formats, ReportTypes(analyzers), request.OutputDirectory, projectId);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error($"--output: could not write reports to '{request.OutputDirectory}': {e.Message}");
            return ExitCodes.Incomplete;
        }

        console.Summary(result, written);

        if (!result.Completed)
        {
            console.Error($"The scan is incomplete: {result.IncompleteReason}. Reports were written with status 'failure'.");
            return ExitCodes.Incomplete;
        }

        if (failOn is { } threshold && result.Findings.Any(f => f.Severity >= threshold))
        {
            console.Notice($"Findings at or above {threshold} were found (--fail-on {request.FailOn}).");
            return ExitCodes.FindingsAtThreshold;
        }

        return ExitCodes.Success;
    }

    private static List<ReportType> ReportTypes(IReadOnlyList<IAnalyzer> analyzers) =>
        analyzers.Select(a => a.Descriptor.ReportType).Distinct().ToList();

    public static string Version { get; } =
        typeof(ScanJob).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
