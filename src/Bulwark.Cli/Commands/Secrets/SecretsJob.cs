using System.Diagnostics;
using System.Globalization;
using Bulwark.Analyzers.Secrets;
using Bulwark.Analyzers.Secrets.Analyzer;
using Bulwark.Analyzers.Secrets.Baselines;
using Bulwark.Analyzers.Secrets.Reports;
using Bulwark.Analyzers.Secrets.Sources;
using Bulwark.Cli.Output;
using Bulwark.Core;
using Bulwark.Core.Findings;
using Bulwark.Scanning;

namespace Bulwark.Cli.Commands.Secrets;

/// <summary>One <c>bulwark secrets</c> run: validate, read the source, drop ignored and baselined leaks, report, pick the exit code.</summary>
internal static class SecretsJob
{
    public static async Task<int> RunAsync(SecretsRequest request, CancellationToken cancellationToken)
    {
        var console = new SecretsConsole(request);
        if (!SecretsReportWriter.TryParseFormat(request.ReportFormat, out var format))
        {
            console.Error($"--report-format: unknown format '{request.ReportFormat}' (json, gitleaks, sarif, gitlab).");
            return ExitCodes.UsageError;
        }

        if (request.DecodeDepth is < 0 or > 8)
        {
            console.Error($"--decode-depth: {request.DecodeDepth} is out of range (0 to 8).");
            return ExitCodes.UsageError;
        }

        if (request.ExitCode is < 0 or > 255)
        {
            console.Error($"--exit-code: {request.ExitCode} is not an exit code (0 to 255).");
            return ExitCodes.UsageError;
        }

        if (request.Mode != SecretsMode.Stdin && !Directory.Exists(request.Path))
        {
            console.Error($"PATH: '{request.Path}' is not a directory.");
            return ExitCodes.UsageError;
        }

        if (request.LogOptions is not null && request.Mode != SecretsMode.History)
        {
            console.Error("--log-opts: only applies to a git history scan (not with --no-git or --stdin).");
            return ExitCodes.UsageError;
        }

        var clock = Stopwatch.StartNew();
        IReadOnlyList<string> logOptions;
        SecretBaseline? baseline = null;
        var scanners = new Scanners(request);
        try
        {
            logOptions = LogOptions.Split(request.LogOptions);
            if (request.Baseline is { } baselinePath)
            {
                baseline = SecretBaseline.Load(baselinePath);
            }

            if (request.IsProtect)
            {
                // A hook's time is mostly process start and git: the rules load while git computes the diff.
                scanners.StartLoadingConfig();
            }
            else
            {
                scanners.LoadConfig();
            }
        }
        catch (Exception e) when (e is FormatException or BaselineFormatException or SecretConfigException)
        {
            console.Error(e.Message);
            return ExitCodes.UsageError;
        }

        var configured = clock.Elapsed;
        var started = DateTimeOffset.UtcNow;
        SourceScan scan;
        try
        {
            scan = await Task.Run(() => Read(request, logOptions, scanners, cancellationToken), CancellationToken.None);
        }
        catch (SecretConfigException e)
        {
            console.Error(e.Message);
            return ExitCodes.UsageError;
        }
        catch (GitSourceException e)
        {
            console.Error(e.Message);
            return e.IsUsageError ? ExitCodes.UsageError : ExitCodes.Incomplete;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.Error("The scan was cancelled before it finished; nothing was reported.");
            return ExitCodes.Incomplete;
        }
        catch (IOException e)
        {
            console.Error($"could not read the input: {e.Message}");
            return ExitCodes.Incomplete;
        }

        var read = clock.Elapsed;
        var ignored = request.Mode == SecretsMode.Stdin ? IgnoredFingerprints.None : IgnoredFingerprints.Load(request.Path);
        var afterIgnore = scan.Leaks.Where(l => !ignored.Contains(l)).ToList();
        var leaks = baseline is null ? afterIgnore : [.. baseline.NewOnly(afterIgnore)];
        var warnings = scan.Warnings.Concat(scanners.UnreportedWarnings).ToList();

        console.Warnings(warnings);
        if (request.IsProtect)
        {
            console.ProtectAdvice(leaks);
        }
        else
        {
            console.Findings(leaks);
        }

        if (request.ReportPath is { } reportPath)
        {
            var result = new ScanResult
            {
                Tool = ToolInfo.Bulwark(ScanJob.Version),
                Target = request.Mode == SecretsMode.Stdin ? TextSource.StdinPath : Path.GetFullPath(request.Path),
                StartedAt = started,
                FinishedAt = DateTimeOffset.UtcNow,
                Findings = leaks.Select(l => SecretFindings.ToFinding(l, redact: !request.NoRedact)).ToEquatableArray(),
                Warnings = warnings.ToEquatableArray(),
                Analyzers = EquatableArray.Of(new AnalyzerRun(SecretFindings.Analyzer, ScanJob.Version, scan.Statistics.Elapsed,
                    scan.Statistics.Files, scan.Statistics.AddedBytes, leaks.Count, 0)),
            };
            try
            {
                SecretsReportWriter.Write(reportPath, format, result, ProjectId(request));
                console.ReportWritten(reportPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                console.Error($"--report-path: could not write '{reportPath}': {e.Message}");
                return ExitCodes.Incomplete;
            }
        }

        console.Summary(Describe(request, logOptions), leaks.Count, afterIgnore.Count - leaks.Count, scan.Leaks.Count - afterIgnore.Count,
            scanners.Used?.FormatInvalidDropped ?? 0, scan.Statistics);
        console.Timings(configured, read - configured, clock.Elapsed - read, scanners.Used?.Detector.Rules.Count ?? 0);
        return leaks.Count > 0 ? request.ExitCode : ExitCodes.Success;
    }

    private static SourceScan Read(SecretsRequest request, IReadOnlyList<string> logOptions, Scanners scanners, CancellationToken cancellationToken)
    {
        switch (request.Mode)
        {
            case SecretsMode.History:
                return new GitHistorySource(request.Path).Scan(scanners.Full(),
                    new GitHistoryOptions { LogOptions = logOptions, Archives = new ArchiveScanner() }, cancellationToken);
            case SecretsMode.Staged:
            case SecretsMode.Unstaged:
                return new StagedChangesSource(request.Path, staged: request.Mode == SecretsMode.Staged).Scan(scanners.For, cancellationToken);
            case SecretsMode.Stdin:
                using (var stdin = Console.OpenStandardInput())
                {
                    return TextSource.Scan(stdin, scanners.For, cancellationToken: cancellationToken);
                }

            default:
                return ScanDirectory(request, scanners, cancellationToken);
        }
    }

    /// <summary>
    /// <c>--no-git</c>: the same analyzer as <c>bulwark scan --analyzers secrets</c> (text files, archives, decoded
    /// values), keeping its leaks so ignore files, baselines and the gitleaks report treat every source alike.
    /// </summary>
    private static SourceScan ScanDirectory(SecretsRequest request, Scanners scanners, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var root = Path.GetFullPath(request.Path);
        var settings = new ScanSettings
        {
            Root = root,
            NoRedact = request.NoRedact,
            Options = new Dictionary<string, string>
            {
                ["secrets.show-invalid"] = request.ShowInvalid ? "true" : "false",
                ["secrets.decode-depth"] = request.DecodeDepth.ToString(CultureInfo.InvariantCulture),
            },
        };
        var analyzer = scanners.Analyzer(settings);
        var result = new ScanRunner([analyzer]).Run(new ScanOptions { Settings = settings }, ToolInfo.Bulwark(ScanJob.Version), cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        var walk = result.Walk;
        return new SourceScan(LeakOrder.Sort(analyzer.Leaks), [.. result.Warnings],
            new SourceStatistics(0, walk?.FilesSeen ?? 0, walk?.BinaryFiles ?? 0, 0, walk?.BytesSeen ?? 0, Stopwatch.GetElapsedTime(started)));
    }

    private static string Describe(SecretsRequest request, IReadOnlyList<string> logOptions) => request.Mode switch
    {
        SecretsMode.History => logOptions.Count == 0 ? "the git history" : $"the commits of {string.Join(' ', logOptions)}",
        SecretsMode.Directory => Path.GetFullPath(request.Path),
        SecretsMode.Stdin => "standard input",
        SecretsMode.Staged => "the staged changes",
        _ => "the uncommitted changes",
    };

    private static string ProjectId(SecretsRequest request) =>
        Environment.GetEnvironmentVariable("CI_PROJECT_ID") ?? new DirectoryInfo(Path.GetFullPath(request.Mode == SecretsMode.Stdin ? "." : request.Path)).Name;

    /// <summary>
    /// The run's scanner: every rule for a history or a tree, only the rules a small input can match for a
    /// staged diff or a short pipe (compiling every regex of a large rule set takes longer than a hook may).
    /// </summary>
    private sealed class Scanners(SecretsRequest request)
    {
        private Task<LoadedRules>? _loading;

        public LeakScanner? Used { get; private set; }

        /// <summary>
        /// Detector warnings the sources did not already include (history and tree scans), and the configuration's
        /// own (keys ignored, rules redefined): a directory scan's analyzer reports those itself.
        /// </summary>
        public IEnumerable<ScanWarning> UnreportedWarnings =>
            ConfigWarnings.Concat(Used is { } used && request.Mode is SecretsMode.History ? used.Warnings : []);

        private IEnumerable<ScanWarning> ConfigWarnings =>
            request.Mode is not SecretsMode.Directory && _loading is { IsCompletedSuccessfully: true } loading
                ? loading.Result.Config.Warnings.Select(w => new ScanWarning(w, Analyzer: "secrets"))
                : [];

        private SecretsConfig Config => Loaded.Config;

        private LoadedRules Loaded =>
            _loading?.GetAwaiter().GetResult() ?? throw new InvalidOperationException("the rules were not loaded");

        /// <exception cref="SecretConfigException">The configuration cannot be used.</exception>
        public void LoadConfig() => _loading = Task.FromResult(Load());

        /// <summary>Loads on the thread pool; a configuration error surfaces when a scanner is asked for.</summary>
        public void StartLoadingConfig() => _loading = Task.Run(Load);

        public SecretsAnalyzer Analyzer(ScanSettings settings)
        {
            var analyzer = SecretsAnalyzerRegistration.Create(settings, Config);
            Used = analyzer.Scanner;
            return analyzer;
        }

        public LeakScanner Full() => Used = new LeakScanner(new SecretDetector(Config, Loaded.Options), request.DecodeDepth);

        public LeakScanner For(IReadOnlyList<string>? texts) =>
            texts is null ? Full() : Used = Loaded.Small.ScannerFor(texts);

        private LoadedRules Load()
        {
            var (config, options) = RuleSetLoader.Load(request);
            return new LoadedRules(config, options, new SmallInputRules(config, options, request.DecodeDepth));
        }
    }

    private sealed record LoadedRules(SecretsConfig Config, SecretDetectorOptions Options, SmallInputRules Small);
}
