using System.Globalization;
using Bulwark.Analyzers.Secrets.Baselines;
using Bulwark.Analyzers.Secrets.Sources;
using Bulwark.Core;
using Bulwark.Core.Findings;
using Bulwark.Scanning;

namespace Bulwark.Analyzers.Secrets.Analyzer;

/// <summary>
/// The secrets analyzer of <c>bulwark scan</c>: each text file of the one walk goes through the leak scanner
/// (detector, then encoded segments), findings named in an ignore file are left out, the rest are reported
/// redacted. Binary files are skipped and counted; so are format-invalid hits and ignored findings.
/// </summary>
internal sealed class SecretsAnalyzer : IAnalyzer
{
    public const string Version = "1.0.0";

    private static readonly Identifier HardCodedCredentials = Identifier.Cwe(798);

    private readonly SecretsConfig _config;
    private readonly SecretDetector _detector;
    private readonly LeakScanner _scanner;
    private readonly IgnoredFingerprints _ignored;
    private readonly bool _redact;
    private readonly string? _configRelativePath;
    private long _binarySkipped;
    private long _ignoredFindings;

    public SecretsAnalyzer(ScanSettings settings, SecretsConfig config)
    {
        _config = config;
        _detector = new SecretDetector(config, new SecretDetectorOptions
        {
            KeepFormatInvalid = IsTrue(settings.GetOption(SecretFindings.Analyzer, "show-invalid")),
        });
        _scanner = new LeakScanner(_detector, DecodeDepth(settings));
        _ignored = IgnoredFingerprints.Load(settings.Root);
        _redact = !settings.NoRedact;
        if (config.SourcePath is { } source)
        {
            var relative = Path.GetRelativePath(settings.Root, source).Replace('\\', '/');
            _configRelativePath = relative.StartsWith("../", StringComparison.Ordinal) ? null : relative;
        }
    }

    public AnalyzerDescriptor Descriptor { get; } = new(
        SecretFindings.Analyzer,
        Version,
        "Leaked credentials: built-in and gitleaks-compatible rules, offline format checks, encoded values",
        ReportType.SecretDetection,
        "text files up to the size cap (binary files are skipped and counted)");

    public bool Accepts(WorkspaceEntry entry) =>
        entry.RelativePath != _configRelativePath && !_detector.IsAllowedFile(new SecretSource(entry.RelativePath));

    public void Analyze(FileContent file, AnalysisContext context)
    {
        if (file.IsBinary)
        {
            Interlocked.Increment(ref _binarySkipped);
            return;
        }

        foreach (var leak in _scanner.Scan(file.Text, file.Entry.RelativePath))
        {
            if (_ignored.Contains(leak))
            {
                Interlocked.Increment(ref _ignoredFindings);
                continue;
            }

            context.Report(ToFinding(leak));
        }
    }

    public void Complete(AnalysisContext context)
    {
        foreach (var warning in _config.Warnings)
        {
            context.Warn(warning, _config.SourcePath);
        }

        foreach (var warning in _scanner.Warnings)
        {
            context.Warn(warning.Message, warning.Path);
        }

        Count(context, Interlocked.Read(ref _binarySkipped), "binary file(s) skipped");
        Count(context, _scanner.FormatInvalidDropped, "hit(s) failed their format check (checksum) and were dropped; --show-invalid reports them");
        Count(context, Interlocked.Read(ref _ignoredFindings), $"finding(s) left out by {string.Join(" / ", IgnoredFingerprints.FileNames)}");
    }

    private Finding ToFinding(Leak leak)
    {
        var finding = SecretFindings.ToFinding(leak, _redact);
        var location = (SecretLocation)finding.Location;
        return finding with
        {
            Identifiers = finding.Identifiers.Append(HardCodedCredentials).ToEquatableArray(),

            // A path-only rule reports the file itself (line 0 in gitleaks' fingerprint); reports need a line.
            Location = location.StartLine > 0 ? location : location with { StartLine = 1, EndLine = 1, StartColumn = null, EndColumn = null },

            // The extract would carry the secret: only when the user asked to see secrets.
            RawSourceCodeExtract = _redact ? null : leak.Secret,
        };
    }

    private static void Count(AnalysisContext context, long count, string what)
    {
        if (count > 0)
        {
            context.Warn(string.Create(CultureInfo.InvariantCulture, $"secrets: {count} {what}"), level: WarningLevel.Info);
        }
    }

    private static bool IsTrue(string? option) =>
        option is not null && (option == "1" || option.Equals("true", StringComparison.OrdinalIgnoreCase));

    private static int DecodeDepth(ScanSettings settings) =>
        int.TryParse(settings.GetOption(SecretFindings.Analyzer, "decode-depth"), NumberStyles.None, CultureInfo.InvariantCulture, out var depth)
            ? depth
            : 2;
}
