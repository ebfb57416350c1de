using System.Collections.Concurrent;
using Bulwark.Analyzers.Dependencies.Extraction;
using Bulwark.Analyzers.Dependencies.Licenses;
using Bulwark.Core;
using Bulwark.Core.Findings;
using Bulwark.Core.Inventory;
using Bulwark.Core.Licenses;
using Bulwark.Scanning;

namespace Bulwark.Analyzers.Dependencies;

/// <summary>
/// The dependency inventory: runs the extractor of each lockfile or manifest it is offered and sends
/// the components (with their dependency paths) to the scan. Files whose extractor reads other files of the
/// tree (a pom's parent, go.sum, Directory.Packages.props, a lockfile's package.json) are kept until
/// <see cref="Complete"/>, when the whole tree has been seen. Vulnerability matching is a later stage that
/// plugs in through <see cref="IVulnerabilityMatcher"/>. Components are held until then too: licences missing from a
/// lockfile are filled in from the packages installed beside it, every licence is normalised to SPDX, and the
/// licence policy (when there is one) judges them.
/// </summary>
internal sealed class DependenciesAnalyzer : IAnalyzer
{
    public const string AnalyzerName = "dependencies";

    private readonly IReadOnlyList<IExtractor> _extractors;
    private readonly IVulnerabilityMatcher? _matcher;
    private readonly ConcurrentDictionary<string, string> _kept = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(IExtractor Extractor, string Path)> _deferred = new();
    private readonly ConcurrentQueue<Component> _components = new();
    private readonly LicensePolicy? _licensePolicy;
    private readonly PackageCaches _caches;

    public DependenciesAnalyzer(IReadOnlyList<IExtractor> extractors, IVulnerabilityMatcher? matcher = null, LicensePolicy? licensePolicy = null,
        PackageCaches? caches = null)
    {
        _extractors = extractors;
        _matcher = matcher;
        _licensePolicy = licensePolicy;
        _caches = caches ?? PackageCaches.None;
        Descriptor = new AnalyzerDescriptor(
            AnalyzerName,
            "0.1.0",
            "Inventory of dependencies from lockfiles and manifests, with direct/transitive, dev/optional and dependency paths.",
            ReportType.DependencyScanning,
            "lockfiles and manifests: " + string.Join(", ", extractors.Select(e => e.Name)));
    }

    public AnalyzerDescriptor Descriptor { get; }

    public bool Accepts(WorkspaceEntry entry)
    {
        var path = entry.RelativePath;
        foreach (var extractor in _extractors)
        {
            if (extractor.FileRequired(path) || extractor.CompanionRequired(path))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Every format read here is text, so a lockfile or manifest with a NUL byte in its head is damaged (a cut
    /// download, a bad disk) or not what its name says. It is taken, to be reported, rather than skipped unseen as the
    /// runner skips binary files.
    /// </summary>
    public bool AcceptsBinaryFile(WorkspaceEntry entry) => Accepts(entry);

    public void Analyze(FileContent file, AnalysisContext context)
    {
        var path = file.Entry.RelativePath;
        if (file.IsBinary)
        {
            var nul = file.Text.IndexOf('\0', StringComparison.Ordinal);
            context.Warn($"line {ExtractionLog.LineOf(file.Text, Math.Max(nul, 0))}: the file holds a NUL byte, which no lockfile or manifest has: it is damaged, and was not read", path, WarningLevel.Warning);
            return;
        }

        var text = WithoutByteOrderMark(file.Text);
        var keep = false;
        foreach (var extractor in _extractors)
        {
            if (extractor.FileRequired(path))
            {
                if (extractor.NeedsTree)
                {
                    keep = true;
                    _deferred.Enqueue((extractor, path));
                }
                else
                {
                    Publish(Run(extractor, ExtractorInput.Standalone(path, text)), context);
                }
            }

            keep |= extractor.CompanionRequired(path);
        }

        if (keep)
        {
            _kept[path] = text;
        }
    }

    public void Complete(AnalysisContext context)
    {
        var tree = new SourceTree(new Dictionary<string, string>(_kept, StringComparer.Ordinal), path => ReadInTree(context.Settings, path));
        var work = _deferred.OrderBy(d => d.Path, StringComparer.Ordinal).ThenBy(d => d.Extractor.Name, StringComparer.Ordinal).ToList();
        Parallel.ForEach(work, new ParallelOptions { CancellationToken = context.CancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, item =>
        {
            if (tree.Read(item.Path) is { } text)
            {
                Publish(Run(item.Extractor, new ExtractorInput(item.Path, text, tree)), context);
            }
        });

        var components = CompleteLicenses(context, tree.Paths.Where(p => PathOps.FileName(p) == "package.json").Select(PathOps.DirectoryOf));
        foreach (var component in components)
        {
            context.AddComponent(component);
        }

        if (_matcher is not null)
        {
            foreach (var caveat in _matcher.Caveats)
            {
                context.Warn(caveat);
            }

            foreach (var finding in _matcher.Match(components, context.CancellationToken))
            {
                context.Report(finding);
            }
        }

        if (_licensePolicy is not null)
        {
            foreach (var finding in LicensePolicyFindings.Evaluate(_licensePolicy, components))
            {
                context.Report(finding);
            }
        }
    }

    /// <summary>Licences the lockfiles lack, from installed packages; then every licence in its SPDX form.</summary>
    private List<Component> CompleteLicenses(AnalysisContext context, IEnumerable<string> manifestDirectories)
    {
        var extracted = _components
            .OrderBy(c => c.SourceFile ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(c => c.Reference, StringComparer.Ordinal)
            .ToList();
        var installed = new InstalledLicenses(context.Settings.Root, _caches, manifestDirectories);
        var filled = installed.Fill(extracted, context.CancellationToken);
        foreach (var (where, packages, unreadable) in installed.Sources)
        {
            context.Warn($"licences read from {packages} installed package manifest(s)"
                + (unreadable > 0 ? $"; {unreadable} manifest(s) could not be read" : string.Empty), where, unreadable > 0 ? WarningLevel.Warning : WarningLevel.Info);
        }

        foreach (var (cache, count) in installed.FromCaches.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            context.Warn($"licences of {count} {cache}", null, WarningLevel.Info);
        }

        return [.. filled.Select(c => c.Licenses.Count == 0 ? c : c with { Licenses = LicenseNormalizer.NormalizeAll(c.Licenses).ToEquatableArray() })];
    }

    /// <summary>
    /// A file of the scanned tree no extractor asked for up front (a requirements file included under another name):
    /// read from disk when it lies under the root and within the size cap, else null.
    /// </summary>
    private static string? ReadInTree(ScanSettings settings, string relativePath)
    {
        try
        {
            var root = Path.GetFullPath(settings.Root);
            var full = Path.GetFullPath(Path.Combine(root, relativePath));
            if (!full.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                return null;
            }

            var info = new FileInfo(full);
            // Like the walk, never follow a link out of the tree.
            return info.Exists && info.LinkTarget is null && info.Length <= settings.MaxFileSize ? WithoutByteOrderMark(File.ReadAllText(full)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Lockfiles written on Windows often start with a UTF-8 byte order mark; no parser wants it.</summary>
    internal static string WithoutByteOrderMark(string text) => text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;

    /// <summary>Runs one extractor; an extractor that throws is a bug, reported as a failed file, never a failed scan.</summary>
    internal static ExtractionResult Run(IExtractor extractor, ExtractorInput input)
    {
        try
        {
            var result = extractor.Extract(input);
            return result with { Components = DependencyPathFinder.Attach(result.Components) };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new ExtractionResult
            {
                Extractor = extractor.Name,
                Path = input.Path,
                Succeeded = false,
                Notes = [new ExtractionNote($"{extractor.Name} could not read this file: {e.GetType().Name}: {e.Message}", WarningLevel.Error)],
            };
        }
    }

    private void Publish(ExtractionResult result, AnalysisContext context)
    {
        foreach (var note in result.Notes)
        {
            context.Warn(note.Describe(), result.Path, note.Level);
        }

        foreach (var component in result.Components)
        {
            _components.Enqueue(component);
        }
    }
}
