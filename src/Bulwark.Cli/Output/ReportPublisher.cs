using Bulwark.Core;
using Bulwark.Core.Findings;
using Bulwark.Core.Reports.CycloneDx;
using Bulwark.Core.Reports.GitLab;
using Bulwark.Core.Reports.Native;
using Bulwark.Core.Reports.Sarif;
using Bulwark.Scanning;

namespace Bulwark.Cli.Output;

internal enum ReportFormat
{
    GitLab,
    Sarif,
    CycloneDx,
    Native,
}

/// <summary>
/// Writes the chosen report formats for one scan. Each file is written to a temporary sibling and
/// renamed into place, so a reader never sees a half-written report.
/// </summary>
internal static class ReportPublisher
{
    public static readonly IReadOnlyList<ReportFormat> AllFormats = [ReportFormat.GitLab, ReportFormat.Sarif, ReportFormat.CycloneDx, ReportFormat.Native];

    public static bool TryParseFormats(IReadOnlyList<string> names, out IReadOnlyList<ReportFormat> formats, out string? unknown)
    {
        unknown = null;
        if (names.Count == 0 || names.Contains("all", StringComparer.OrdinalIgnoreCase))
        {
            formats = AllFormats;
            return true;
        }

        var parsed = new List<ReportFormat>();
        foreach (var name in names)
        {
            ReportFormat? format = name.ToLowerInvariant() switch
            {
                "gitlab" => ReportFormat.GitLab,
                "sarif" => ReportFormat.Sarif,
                "cyclonedx" or "cdx" or "sbom" => ReportFormat.CycloneDx,
                "json" or "bulwark" or "native" => ReportFormat.Native,
                _ => null,
            };
            if (format is null)
            {
                unknown = name;
                formats = [];
                return false;
            }

            if (!parsed.Contains(format.Value))
            {
                parsed.Add(format.Value);
            }
        }

        formats = parsed;
        return true;
    }

    /// <summary>Writes the reports and returns their paths, in the order of <paramref name="formats"/>.</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(ScanResult result, IReadOnlyList<ReportFormat> formats,
        IReadOnlyList<ReportType> reportTypes, string outputDirectory, string projectId)
    {
        var reports = Writers(result, formats, reportTypes, projectId);
        if (reports.Count == 0)
        {
            return [];
        }

        // The reports are independent, and on a small scan most of each one's time is first use (loading its writer's
        // code), which one core does not share with another: they are written side by side. This thread writes the
        // first itself and then awaits the others instead of blocking on them, so no core spins while they work.
        var others = reports.Skip(1).Select(r => Task.Run(() => WriteAtomically(outputDirectory, r.FileName, r.Write))).ToList();
        string first;
        try
        {
            first = WriteAtomically(outputDirectory, reports[0].FileName, reports[0].Write);
        }
        finally
        {
            // Every writer finishes (or fails) before this returns or throws, so no report is still being written.
            await ((Task)Task.WhenAll(others)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        // The caller sees the first failure as itself, in report order.
        return [first, .. others.Select(t => t.GetAwaiter().GetResult())];
    }

    /// <summary>
    /// Loads and initialises the writers of <paramref name="formats"/> (the JSON encoder, URI parsing, hashing, date
    /// formatting, their own code) by writing an empty result to nowhere. Started with the scan, it does while the tree
    /// is walked what would otherwise hold up every scan's reports after it by some tens of milliseconds. It never
    /// fails the scan: a writer that fails here fails again, and is reported, when the real report is written.
    /// </summary>
    public static Task PrepareAsync(IReadOnlyList<ReportFormat> formats, IReadOnlyList<ReportType> reportTypes, ToolInfo tool, string target) =>
        Task.Run(() =>
        {
            var empty = new ScanResult { Tool = tool, Target = target, StartedAt = DateTimeOffset.UnixEpoch, FinishedAt = DateTimeOffset.UnixEpoch };
            foreach (var (_, write) in Writers(empty, formats, reportTypes, "prepare"))
            {
                try
                {
                    write(Stream.Null);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // See above: the real write reports it.
                }
            }
        });

    private static List<(string FileName, Action<Stream> Write)> Writers(ScanResult result, IReadOnlyList<ReportFormat> formats,
        IReadOnlyList<ReportType> reportTypes, string projectId)
    {
        var reports = new List<(string FileName, Action<Stream> Write)>();
        foreach (var format in formats)
        {
            switch (format)
            {
                case ReportFormat.GitLab:
                    foreach (var type in reportTypes.Order())
                    {
                        reports.Add((type.GitLabFileName(), stream => GitLabReportWriter.Write(result, type, projectId, stream)));
                    }

                    break;
                case ReportFormat.Sarif:
                    reports.Add(("bulwark.sarif", stream => SarifReportWriter.Write(result, projectId, stream)));
                    break;
                case ReportFormat.CycloneDx:
                    reports.Add(("bulwark.cdx.json", stream => CycloneDxWriter.Write(result, stream)));
                    break;
                case ReportFormat.Native:
                    reports.Add(("bulwark.json", stream => NativeReportWriter.Write(result, stream)));
                    break;
            }
        }

        return reports;
    }

    /// <summary>Writes to a temporary sibling and renames it into place; returns the path relative to the working directory.</summary>
    public static string WriteAtomically(string directory, string fileName, Action<Stream> write)
    {
        Directory.CreateDirectory(directory);
        var target = Path.Combine(directory, fileName);
        var temporary = Path.Combine(directory, $".{fileName}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(stream);
            }

            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }

        return Path.GetRelativePath(Directory.GetCurrentDirectory(), target);
    }
}
