using System.Runtime.ExceptionServices;
using Bulwark.Core;
using Bulwark.Core.Findings;
using Bulwark.Core.Reports.CycloneDx;
using Bulwark.Core.Reports.GitLab;
using Bulwark.Core.Reports.Native;
using Bulwark.Core.Reports.Sarif;

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
    public static IReadOnlyList<string> Write(ScanResult result, IReadOnlyList<ReportFormat> formats, IReadOnlyList<ReportType> reportTypes,
        string outputDirectory, string projectId)
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

        // The reports are independent, and on a small scan most of each one's time is first use (loading and
        // compiling its writer), which one core does not share with another: they are written side by side.
        var writing = reports.Select(r => Task.Run(() => WriteAtomically(outputDirectory, r.FileName, r.Write))).ToArray();
        try
        {
            Task.WaitAll(writing);
        }
        catch (AggregateException e)
        {
            // Every writer has finished (or failed); the caller sees the first failure as itself.
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }

        return [.. writing.Select(t => t.Result)];
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
