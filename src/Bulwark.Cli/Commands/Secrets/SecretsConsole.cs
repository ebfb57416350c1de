using System.Globalization;
using Bulwark.Analyzers.Secrets.Sources;
using Bulwark.Core;

namespace Bulwark.Cli.Commands.Secrets;

/// <summary>
/// What a person sees: a plain aligned table of findings (rule, file:line, short commit, redacted secret) on
/// stdout — or stderr when the report itself goes to stdout — and diagnostics on stderr. No terminal library:
/// the pre-commit path has to start fast.
/// </summary>
internal sealed class SecretsConsole(SecretsRequest request)
{
    private const int MaxRows = 500;
    private readonly TextWriter _out = request.ReportPath == "-" ? Console.Error : Console.Out;
    private readonly TextWriter _err = Console.Error;

    public void Error(string message) => _err.WriteLine($"error: {message}");

    public void Warnings(IEnumerable<ScanWarning> warnings)
    {
        if (request.Quiet)
        {
            return;
        }

        var shown = 0;
        var hidden = 0;
        foreach (var warning in warnings)
        {
            if (!request.Verbose && (warning.Level == WarningLevel.Info || shown >= 20))
            {
                hidden += warning.Level == WarningLevel.Info ? 0 : 1;
                continue;
            }

            shown++;
            var where = warning.Path is null ? string.Empty : $"{warning.Path}: ";
            _err.WriteLine($"{warning.Level.ToString().ToLowerInvariant()}: {where}{warning.Message}");
        }

        if (hidden > 0)
        {
            _err.WriteLine($"… and {hidden} more warnings (--verbose shows all).");
        }
    }

    public void Findings(IReadOnlyList<Leak> leaks)
    {
        if (request.Quiet || leaks.Count == 0)
        {
            return;
        }

        var rows = leaks.Take(MaxRows).Select(l => new[]
        {
            l.RuleId,
            l.StartLine > 0 ? $"{l.File}:{l.StartLine}" : l.File,
            l.Commit.IsWorkingTree ? "-" : l.Commit.Sha[..Math.Min(7, l.Commit.Sha.Length)],
            (request.NoRedact ? l.Secret : SecretFindings.Redact(l.Secret)) + (l.Decoded is { } d ? $" ({d})" : string.Empty),
        }).ToList();
        string[] header = ["RULE", "LOCATION", "COMMIT", "SECRET"];
        var widths = Enumerable.Range(0, 3).Select(i => Math.Min(60, rows.Select(r => r[i].Length).Append(header[i].Length).Max())).ToArray();
        _out.WriteLine(Row(header, widths));
        foreach (var row in rows)
        {
            _out.WriteLine(Row(row, widths));
        }

        if (leaks.Count > MaxRows)
        {
            _out.WriteLine($"… and {leaks.Count - MaxRows} more (write them all with --report-path).");
        }
    }

    /// <summary>The pre-commit message: where, what, and the two ways to allow a finding that is not a secret.</summary>
    public void ProtectAdvice(IReadOnlyList<Leak> leaks)
    {
        if (request.Quiet || leaks.Count == 0)
        {
            return;
        }

        _out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bulwark: {leaks.Count} secret{(leaks.Count == 1 ? "" : "s")} in the {(request.Mode == SecretsMode.Staged ? "staged changes" : "uncommitted changes")}; the commit is blocked."));
        foreach (var leak in leaks.Take(MaxRows))
        {
            _out.WriteLine($"  {leak.File}:{leak.StartLine}  {leak.RuleId}  {(request.NoRedact ? leak.Secret : SecretFindings.Redact(leak.Secret))}    fingerprint {leak.Fingerprint}");
        }

        _out.WriteLine();
        _out.WriteLine("Remove the secret (and rotate it if it was real). If it is not a secret (a test fixture, an example):");
        _out.WriteLine("  - end its line with a comment containing bulwark:allow (or gitleaks:allow), e.g.  key = \"...\"  # bulwark:allow");
        _out.WriteLine("  - or add its fingerprint, one per line, to .bulwarkignore-secrets at the repository root.");
    }

    public void Summary(string what, int found, int baselined, int ignored, long invalidDropped, SourceStatistics statistics)
    {
        if (request.Quiet)
        {
            return;
        }

        var seconds = statistics.Elapsed.TotalSeconds;
        var megabytes = statistics.AddedBytes / 1_000_000.0;
        var parts = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"{found} secret{(found == 1 ? "" : "s")} found in {what}"),
        };
        if (baselined > 0)
        {
            parts.Add($"{baselined} already in the baseline");
        }

        if (ignored > 0)
        {
            parts.Add($"{ignored} ignored by fingerprint");
        }

        if (invalidDropped > 0)
        {
            parts.Add($"{invalidDropped} with a failed format check dropped (--show-invalid shows them)");
        }

        _err.WriteLine(string.Join("; ", parts) + ".");
        if (request.Verbose)
        {
            _err.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"read {statistics.Commits} commits, {statistics.Files} files, {statistics.AddedLines} lines ({megabytes:0.0} MB) in {seconds:0.00}s; skipped {statistics.BinaryFiles} binary files."));
        }
    }

    /// <summary>Where the time went (<c>--verbose</c>): the pre-commit budget is a few hundred milliseconds.</summary>
    public void Timings(TimeSpan configuration, TimeSpan reading, TimeSpan reporting, int rules)
    {
        if (request.Verbose && !request.Quiet)
        {
            _err.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"timings: rules loaded {configuration.TotalMilliseconds:0} ms; read and scanned {reading.TotalMilliseconds:0} ms with {rules} rules; reported {reporting.TotalMilliseconds:0} ms; process up {(DateTime.Now - System.Diagnostics.Process.GetCurrentProcess().StartTime).TotalMilliseconds:0} ms."));
        }
    }

    public void ReportWritten(string path)
    {
        if (!request.Quiet && path != "-")
        {
            _err.WriteLine($"Report written: {path}");
        }
    }

    private static string Row(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i < widths.Length ? c.PadRight(widths[i]) : c)).TrimEnd();
}
