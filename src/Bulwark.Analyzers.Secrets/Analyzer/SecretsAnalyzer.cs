using System.Collections.Concurrent;
using System.Globalization;
using Bulwark.Analyzers.Secrets.Baselines;
using Bulwark.Analyzers.Secrets.Sources;
using Bulwark.Core;
using Bulwark.Core.Findings;
using Bulwark.Scanning;

namespace Bulwark.Analyzers.Secrets.Analyzer;

/// <summary>
/// The secrets analyzer of the one walk, behind both <c>bulwark scan</c> and <c>bulwark secrets detect --no-git</c>:
/// each text file goes through the leak scanner (detector, then encoded segments), each archive (zip, jar, war,
/// nupkg, whl, tar, tar.gz, …) through the archive scanner, which hands its text entries to the same leak scanner.
/// Findings named in an ignore file are left out, the rest are reported redacted. Other binary files are never
/// read for it (the runner counts them); format-invalid hits and ignored findings are counted.
/// </summary>
public sealed class SecretsAnalyzer : IAnalyzer
{
    public const string Version = "1.1.0";

    private static readonly Identifier HardCodedCredentials = Identifier.Cwe(798);

    private readonly SecretsConfig _config;
    private readonly ArchiveScanner _archives;
    private readonly IgnoredFingerprints _ignored;
    private readonly bool _redact;
    private readonly string? _configRelativePath;
    private readonly ConcurrentQueue<Leak> _leaks = new();
    private long _ignoredFindings;

    internal SecretsAnalyzer(ScanSettings settings, SecretsConfig config, ArchiveScanner? archives = null)
    {
        _config = config;
        var detector = new SecretDetector(config, new SecretDetectorOptions
        {
            KeepFormatInvalid = IsTrue(settings.GetOption(SecretFindings.Analyzer, "show-invalid")),
        });
        Scanner = new LeakScanner(detector, DecodeDepth(settings));
        _archives = archives ?? new ArchiveScanner();
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
        "Leaked credentials: built-in and gitleaks-compatible rules, offline format checks, encoded values, archives",
        ReportType.SecretDetection,
        "text files up to the size cap; zip, jar, war, ear, nupkg, whl, aar, apk, tar, tar.gz and tgz archives up to 128 MB, opened in memory");

    /// <summary>The leak scanner every file goes through (its detector, warnings and format-invalid count).</summary>
    public LeakScanner Scanner { get; }

    /// <summary>
    /// Every leak found so far, with the secret in full, before ignore files are applied (<see cref="IgnoredFingerprints"/>):
    /// for front ends that report leaks their own way (gitleaks' JSON report, baselines). Inline allows are applied.
    /// </summary>
    public IReadOnlyCollection<Leak> Leaks => _leaks;

    public long? MaxFileSizeFor(WorkspaceEntry entry) =>
        _archives.IsArchive(entry.RelativePath) ? _archives.Limits.MaxArchiveBytes : null;

    public bool AcceptsBinaryFile(WorkspaceEntry entry) => _archives.IsArchive(entry.RelativePath);

    public bool Accepts(WorkspaceEntry entry) =>
        entry.RelativePath != _configRelativePath && !Scanner.Detector.IsAllowedFile(new SecretSource(entry.RelativePath));

    public void Analyze(FileContent file, AnalysisContext context)
    {
        var path = file.Entry.RelativePath;
        if (_archives.IsArchive(path))
        {
            var scan = _archives.Scan(file.Bytes, path, Scanner, Commit.WorkingTree, context.CancellationToken);
            foreach (var warning in scan.Warnings)
            {
                context.Warn(warning.Message, warning.Path);
            }

            Report(scan.Leaks, context);
        }
        else if (!file.IsBinary)
        {
            Report(Scanner.Scan(file.Chars, path), context);
        }
    }

    public void Complete(AnalysisContext context)
    {
        // Each names the file it is about (an extended file's warning names that file, not the one given).
        foreach (var warning in _config.Warnings)
        {
            context.Warn(warning);
        }

        foreach (var warning in Scanner.Warnings)
        {
            context.Warn(warning.Message, warning.Path);
        }

        Count(context, Scanner.FormatInvalidDropped, "hit(s) failed their format check (checksum) and were dropped; --show-invalid reports them");
        Count(context, Interlocked.Read(ref _ignoredFindings), $"finding(s) left out by {string.Join(" / ", IgnoredFingerprints.FileNames)}");
    }

    private void Report(IEnumerable<Leak> leaks, AnalysisContext context)
    {
        foreach (var leak in leaks)
        {
            _leaks.Enqueue(leak);
            if (_ignored.Contains(leak))
            {
                Interlocked.Increment(ref _ignoredFindings);
                continue;
            }

            context.Report(ToFinding(leak));
        }
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
