using System.Globalization;
using System.Text;
using System.Text.Json;
using Bulwark.Cli.Commands.Deps;
using Bulwark.Core;
using Spectre.Console;

namespace Bulwark.Cli.Output;

internal enum DependencyListFormat
{
    Table,
    Json,
    Csv,
}

/// <summary>
/// <c>bulwark deps list</c> output: a table for people, JSON for scripts (field names documented in
/// docs/dependencies.md and kept stable), CSV for spreadsheets (RFC 4180).
/// </summary>
internal static class DependencyListWriter
{
    /// <summary>Bumped only when a field changes meaning or disappears; new fields may be added at any time.</summary>
    public const int JsonSchemaVersion = 1;

    public static readonly IReadOnlyList<string> CsvColumns =
    [
        "ecosystem", "name", "version", "purl", "relationship", "development", "optional", "licenses",
        "vulnerabilities", "highest_severity", "vulnerability_ids", "lockfile",
    ];

    public static bool TryParseFormat(string text, out DependencyListFormat format)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "table":
                format = DependencyListFormat.Table;
                return true;
            case "json":
                format = DependencyListFormat.Json;
                return true;
            case "csv":
                format = DependencyListFormat.Csv;
                return true;
            default:
                format = default;
                return false;
        }
    }

    public static void WriteTable(IReadOnlyList<DependencyRow> rows, bool matched, TextWriter output, bool interactive)
    {
        var table = new Table().AddColumns("Ecosystem", "Package", "Version", "Dependency", "Scope", "Licences")
            .AddColumn(new TableColumn("Vulnerabilities").RightAligned())
            .AddColumn("Lockfile");
        foreach (var row in rows)
        {
            var c = row.Component;
            table.AddRow(
                Markup.Escape(c.Ecosystem ?? "-"),
                Markup.Escape(c.Name),
                Markup.Escape(c.Version ?? "(unpinned)"),
                row.Relationship,
                Scope(row),
                Markup.Escape(c.Licenses.Count == 0 ? "-" : string.Join(", ", c.Licenses)),
                VulnerabilityCell(row, matched, interactive),
                Markup.Escape(c.SourceFile ?? "-"));
        }

        var settings = new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) };
        if (!interactive)
        {
            // Piped or in CI: no colours, and wide enough that a row stays on one line for grep.
            settings.Ansi = AnsiSupport.No;
            settings.ColorSystem = ColorSystemSupport.NoColors;
        }

        var console = AnsiConsole.Create(settings);
        if (!interactive)
        {
            console.Profile.Width = 1000;
        }

        console.Write(table);
    }

    private static string Scope(DependencyRow row) => (row.Component.IsDevelopment, row.Component.IsOptional) switch
    {
        (true, true) => "dev, optional",
        (true, false) => "dev",
        (false, true) => "optional",
        _ => "-",
    };

    private static string VulnerabilityCell(DependencyRow row, bool matched, bool interactive)
    {
        if (!matched)
        {
            return "n/a";
        }

        if (row.HighestSeverity is not { } highest)
        {
            return "0";
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"{row.VulnerabilityCount} ({highest})");
        var colour = highest switch
        {
            Core.Findings.Severity.Critical or Core.Findings.Severity.High => "red",
            Core.Findings.Severity.Medium => "yellow",
            _ => "default",
        };
        return interactive ? $"[{colour}]{Markup.Escape(text)}[/]" : Markup.Escape(text);
    }

    public static void WriteJson(IReadOnlyList<DependencyRow> rows, DependencyInventory inventory, Stream output)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", JsonSchemaVersion);
        w.WriteString("target", inventory.Result.Target);
        if (inventory.AdvisoryDatabase is { } database)
        {
            w.WriteString("advisoryDatabase", database);
        }
        else
        {
            w.WriteNull("advisoryDatabase");
        }

        w.WriteBoolean("matched", inventory.Matched);
        w.WriteStartArray("components");
        foreach (var row in rows)
        {
            var c = row.Component;
            w.WriteStartObject();
            w.WriteString("ecosystem", c.Ecosystem);
            w.WriteString("name", c.Name);
            w.WriteString("version", c.Version);
            w.WriteString("purl", c.Purl);
            w.WriteBoolean("direct", c.IsDirect);
            w.WriteBoolean("development", c.IsDevelopment);
            w.WriteBoolean("optional", c.IsOptional);
            w.WriteStartArray("licenses");
            foreach (var licence in c.Licenses)
            {
                w.WriteStringValue(licence);
            }

            w.WriteEndArray();
            w.WriteString("lockfile", c.SourceFile);
            if (row.Vulnerabilities is { } vulnerabilities)
            {
                w.WriteNumber("vulnerabilityCount", vulnerabilities.Count);
                if (row.HighestSeverity is { } highest)
                {
                    w.WriteString("highestSeverity", highest.ToString());
                }
                else
                {
                    w.WriteNull("highestSeverity");
                }

                w.WriteStartArray("vulnerabilities");
                foreach (var v in vulnerabilities)
                {
                    w.WriteStartObject();
                    w.WriteString("id", v.Id);
                    w.WriteString("severity", v.Severity.ToString());
                    w.WriteString("fixedVersion", v.FixedVersion);
                    w.WriteStartArray("aliases");
                    foreach (var alias in v.Aliases)
                    {
                        w.WriteStringValue(alias);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }
            else
            {
                w.WriteNull("vulnerabilityCount");
                w.WriteNull("highestSeverity");
                w.WriteNull("vulnerabilities");
            }

            w.WriteStartArray("dependencyPaths");
            foreach (var path in c.DependencyPaths)
            {
                w.WriteStartArray();
                foreach (var step in path.Steps)
                {
                    w.WriteStringValue(step);
                }

                w.WriteEndArray();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("warnings");
        foreach (var warning in inventory.Result.Warnings.Where(x => x.Level != WarningLevel.Info))
        {
            w.WriteStartObject();
            w.WriteString("level", warning.Level == WarningLevel.Error ? "error" : "warning");
            w.WriteString("path", warning.Path);
            w.WriteString("message", warning.Message);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void WriteCsv(IReadOnlyList<DependencyRow> rows, TextWriter output)
    {
        output.Write(string.Join(',', CsvColumns));
        output.Write("\r\n");
        foreach (var row in rows)
        {
            var c = row.Component;
            var fields = new[]
            {
                c.Ecosystem ?? string.Empty,
                c.Name,
                c.Version ?? string.Empty,
                c.Purl ?? string.Empty,
                row.Relationship,
                c.IsDevelopment ? "true" : "false",
                c.IsOptional ? "true" : "false",
                string.Join(" | ", c.Licenses),
                row.VulnerabilityCount?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                row.HighestSeverity?.ToString() ?? string.Empty,
                row.Vulnerabilities is { } list ? string.Join(' ', list.Select(v => v.Id)) : string.Empty,
                c.SourceFile ?? string.Empty,
            };
            output.Write(string.Join(',', fields.Select(CsvField.Encode)));
            output.Write("\r\n");
        }
    }
}

/// <summary>
/// One CSV field as RFC 4180 wants it (quoted when it holds a comma, quote or line break; quotes doubled), made safe
/// for spreadsheets: a lockfile is attacker-controlled input, and a field a spreadsheet would run as a formula
/// (<c>=HYPERLINK(…)</c>, <c>@SUM(…)</c>, <c>-cmd|…</c>) gets a leading apostrophe. Fields made only of characters
/// that cannot form a formula call (an npm scope like <c>@types/node</c>, a version like <c>-1</c>) are kept exact.
/// </summary>
internal static class CsvField
{
    public static string Encode(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !IsPlainToken(value))
        {
            value = "'" + value;
        }

        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        return builder.ToString();
    }

    private static bool IsPlainToken(string value)
    {
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '@' or '/' or '-' or '.' or '_' or '~'))
            {
                return false;
            }
        }

        return true;
    }
}
