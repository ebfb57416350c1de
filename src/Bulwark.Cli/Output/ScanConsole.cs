using System.Globalization;
using Bulwark.Core;
using Bulwark.Core.Findings;
using Bulwark.Scanning;
using Spectre.Console;

namespace Bulwark.Cli.Output;

/// <summary>
/// What a person sees during and after a scan. On a terminal: a live status line; in CI or when output is
/// redirected: plain log lines. Progress and diagnostics go to stderr, the summary to stdout.
/// </summary>
internal sealed class ScanConsole
{
    private static readonly TimeSpan PlainProgressInterval = TimeSpan.FromSeconds(10);
    private readonly bool _quiet;
    private readonly bool _verbose;
    private IAnsiConsole? _out;
    private IAnsiConsole? _err;

    public ScanConsole(bool quiet, bool verbose)
    {
        _quiet = quiet;
        _verbose = verbose;
    }

    // Plain lines go straight to the writers; Spectre (a few milliseconds to set up, paid by every scan) is created only
    // for what needs it: the live status, markup and the summary table.
    private IAnsiConsole Out => _out ??= Create(Console.Out, Console.IsOutputRedirected);

    private IAnsiConsole Err => _err ??= Create(Console.Error, Console.IsErrorRedirected);

    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        // A log line must stay one line for grep and CI logs; Spectre would wrap it at 80 columns.
        if (redirected)
        {
            console.Profile.Width = int.MaxValue / 2;
        }

        return console;
    }

    private bool Interactive => !Console.IsErrorRedirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
        && Err.Profile.Capabilities.Interactive;

    public void Error(string message) => Err.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");

    public void Notice(string message)
    {
        if (!_quiet)
        {
            Console.Error.WriteLine(message);
        }
    }

    public async Task<ScanResult> RunWithProgressAsync(string root, ScanRunner runner, Func<CancellationToken, ScanResult> scan, CancellationToken cancellationToken)
    {
        var work = Task.Run(() => scan(cancellationToken), CancellationToken.None);
        if (_quiet)
        {
            return await work;
        }

        if (Interactive)
        {
            await Err.Status().Spinner(Spinner.Known.Dots).StartAsync($"Scanning {Markup.Escape(root)}", async context =>
            {
                while (!work.IsCompleted)
                {
                    await Task.WhenAny(work, Task.Delay(150, CancellationToken.None));
                    var p = runner.Progress;
                    context.Status(Markup.Escape(
                        $"Scanning: {p.FilesSeen:N0} files seen, {p.FilesAnalyzed:N0} analysed ({FormatBytes(p.BytesAnalyzed)}), {p.Findings:N0} findings — {Shorten(p.CurrentFile)}"));
                }
            });
        }
        else
        {
            Console.Error.WriteLine($"bulwark {Commands.ScanJob.Version}: scanning {root}");
            while (!work.IsCompleted)
            {
                await Task.WhenAny(work, Task.Delay(PlainProgressInterval, CancellationToken.None));
                if (!work.IsCompleted)
                {
                    var p = runner.Progress;
                    Console.Error.WriteLine($"progress: {p.FilesSeen} files seen, {p.FilesAnalyzed} analysed ({FormatBytes(p.BytesAnalyzed)}), {p.Findings} findings");
                }
            }
        }

        return await work;
    }

    public void Summary(ScanResult result, IReadOnlyList<string> reports)
    {
        if (_quiet)
        {
            return;
        }

        var walk = result.Walk;
        var elapsed = result.FinishedAt - result.StartedAt;
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Scanned {walk?.FilesSeen ?? 0:N0} files ({FormatBytes(walk?.BytesSeen ?? 0)} read) in {elapsed.TotalSeconds:0.0}s; " +
            $"skipped {walk?.FilesIgnored ?? 0:N0} ignored, {walk?.BinaryFiles ?? 0:N0} binary, {walk?.OversizedFiles ?? 0:N0} over the size cap, {walk?.UnreadableFiles ?? 0:N0} unreadable."));

        if (result.Analyzers.Count > 0)
        {
            Out.Write(FindingsTable(result));
        }

        Warnings(result);

        foreach (var report in reports)
        {
            Console.Out.WriteLine($"Report written: {report}");
        }
    }

    /// <summary>Findings by analyzer and severity, one row per analyzer that ran.</summary>
    private Table FindingsTable(ScanResult result)
    {
        var severities = new[] { Severity.Critical, Severity.High, Severity.Medium, Severity.Low, Severity.Info, Severity.Unknown };
        var table = new Table().AddColumn("Analyzer");
        foreach (var severity in severities)
        {
            table.AddColumn(new TableColumn(severity.ToString()).RightAligned());
        }

        table.AddColumn(new TableColumn("Total").RightAligned());
        if (_verbose)
        {
            table.AddColumn(new TableColumn("Time").RightAligned());
        }

        foreach (var run in result.Analyzers)
        {
            var mine = result.Findings.Where(f => f.Analyzer == run.Name).ToList();
            var cells = new List<string> { Markup.Escape(run.Name) };
            cells.AddRange(severities.Select(s => mine.Count(f => f.Severity == s).ToString(CultureInfo.InvariantCulture)));
            cells.Add(mine.Count.ToString(CultureInfo.InvariantCulture));
            if (_verbose)
            {
                cells.Add(string.Create(CultureInfo.InvariantCulture, $"{run.Elapsed.TotalSeconds:0.00}s"));
            }

            table.AddRow(cells.ToArray());
        }

        return table;
    }

    /// <summary>The scan's warnings on stderr: the first 20 that are not informational, or all with --verbose.</summary>
    public void Warnings(ScanResult result)
    {
        if (_quiet)
        {
            return;
        }

        var notable = result.Warnings.Where(w => _verbose || w.Level != WarningLevel.Info).ToList();
        const int shown = 20;
        foreach (var warning in _verbose ? notable : notable.Take(shown))
        {
            var where = warning.Path is null ? string.Empty : $"{warning.Path}: ";
            var who = warning.Analyzer is null ? string.Empty : $"[{warning.Analyzer}] ";
            Err.MarkupLine($"[yellow]{warning.Level.ToString().ToLowerInvariant()}:[/] {Markup.Escape(who + where + warning.Message)}");
        }

        if (!_verbose && notable.Count > shown)
        {
            Console.Error.WriteLine($"… and {notable.Count - shown} more warnings (--verbose shows all).");
        }
    }

    private static string Shorten(string? path) =>
        path is null ? string.Empty : path.Length <= 60 ? path : "…" + path[^59..];

    internal static string FormatBytes(long bytes) => ByteSize.Format(bytes);
}
