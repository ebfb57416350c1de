using System.CommandLine;
using Bulwark.Core.Findings;
using Bulwark.Scanning;
using Spectre.Console;

namespace Bulwark.Cli.Commands;

/// <summary><c>bulwark analyzers</c>: what each analyzer is, wants and may do.</summary>
internal static class AnalyzersCommand
{
    public static Command Create()
    {
        var command = new Command("analyzers", "List every analyzer: name, version, the files it wants and its capabilities.\n\n" +
            "Example:\n  bulwark analyzers");
        command.SetAction(_ =>
        {
            var settings = new ScanSettings { Root = Directory.GetCurrentDirectory() };
            var table = new Table().AddColumns("Name", "Version", "Report type", "Files wanted", "Needs network", "Runs untrusted code");
            foreach (var analyzer in AnalyzerCatalog.Create(["all"], settings))
            {
                var d = analyzer.Descriptor;
                table.AddRow(
                    Markup.Escape(d.Name),
                    Markup.Escape(d.Version),
                    d.ReportType.ToWireName(),
                    Markup.Escape(d.FilesWanted),
                    d.Capabilities.HasFlag(AnalyzerCapabilities.NeedsNetwork) ? "yes" : "no",
                    d.Capabilities.HasFlag(AnalyzerCapabilities.RunsUntrustedCode) ? "yes" : "no");
            }

            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
            console.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }
}
