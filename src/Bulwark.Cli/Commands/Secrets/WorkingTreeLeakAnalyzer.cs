using System.Collections.Concurrent;
using Bulwark.Analyzers.Secrets;
using Bulwark.Analyzers.Secrets.Sources;
using Bulwark.Core;
using Bulwark.Core.Findings;
using Bulwark.Scanning;

namespace Bulwark.Cli.Commands.Secrets;

/// <summary>
/// <c>detect --no-git</c> through the scan engine: the one walk offers each file, text files go to the leak
/// scanner, archives (as binary files with their own, larger size cap) to the archive scanner.
/// Keeps <see cref="Leak"/>s, so baselines, ignore files and the gitleaks report treat every source alike.
/// </summary>
internal sealed class WorkingTreeLeakAnalyzer(LeakScanner scanner, ArchiveScanner archives, long maxTextFileSize) : IAnalyzer
{
    public ConcurrentBag<Leak> Leaks { get; } = [];

    public AnalyzerDescriptor Descriptor { get; } = new("secrets", "1", "Leaked secrets in text files and archives",
        ReportType.SecretDetection, "text files; zip, jar, war, nupkg, whl, tar, tar.gz archives");

    public long? MaxFileSize => Math.Max(maxTextFileSize, archives.Limits.MaxArchiveBytes);

    public bool AcceptsBinary => true;

    public bool Accepts(WorkspaceEntry entry) =>
        (archives.IsArchive(entry.RelativePath) ? entry.Length <= archives.Limits.MaxArchiveBytes : entry.Length <= maxTextFileSize)
        && !scanner.Detector.IsAllowedFile(new SecretSource(entry.RelativePath));

    public void Analyze(FileContent file, AnalysisContext context)
    {
        var path = file.Entry.RelativePath;
        if (archives.IsArchive(path))
        {
            var scan = archives.Scan(file.Bytes, path, scanner, Commit.WorkingTree, context.CancellationToken);
            foreach (var warning in scan.Warnings)
            {
                context.Warn(warning.Message, warning.Path);
            }

            Add(scan.Leaks, context);
            return;
        }

        if (!file.IsBinary)
        {
            Add(scanner.Scan(file.Text, path), context);
        }
    }

    private void Add(IEnumerable<Leak> leaks, AnalysisContext context)
    {
        foreach (var leak in leaks)
        {
            Leaks.Add(leak);
            context.Report(SecretFindings.ToFinding(leak));
        }
    }
}
