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
            var descriptors = AnalyzerCatalog.Create(["all"], settings).Select(a => a.Descriptor).ToList();
            foreach (var d in descriptors)
            {
                table.AddRow(
                    Markup.Escape(d.Name),
                    Markup.Escape(d.Version),
                    d.ReportType.ToWireName(),
                    Markup.Escape(d.FilesWanted),
                    YesNo(d, AnalyzerCapabilities.NeedsNetwork),
                    YesNo(d, AnalyzerCapabilities.RunsUntrustedCode));
            }

            if (Console.IsOutputRedirected)
            {
                // Piped: one tab-separated line per analyzer, easy to grep and cut.
                Console.WriteLine("name\tversion\treport_type\tneeds_network\truns_untrusted_code\tfiles_wanted");
                foreach (var d in descriptors)
                {
                    Console.WriteLine(string.Join('\t', d.Name, d.Version, d.ReportType.ToWireName(), YesNo(d, AnalyzerCapabilities.NeedsNetwork),
                        YesNo(d, AnalyzerCapabilities.RunsUntrustedCode), d.FilesWanted));
                }

                return ExitCodes.Success;
            }

            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
            console.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static string YesNo(AnalyzerDescriptor descriptor, AnalyzerCapabilities capability) =>
        descriptor.Capabilities.HasFlag(capability) ? "yes" : "no";
}
