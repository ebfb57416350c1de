using System.CommandLine;
using System.Globalization;
using Bulwark.Cli.Output;
using Bulwark.Core;
using Bulwark.Core.Findings;
using Bulwark.Scanning;

namespace Bulwark.Cli.Commands;

/// <summary><c>bulwark scan [PATH]</c>: the main job.</summary>
internal static class ScanCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path")
        {
            Description = "The directory to scan (default: the current directory).",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => ".",
        };
        var analyzers = new Option<string[]>("--analyzers", "-a")
        {
            Description = $"Comma-separated analyzers to run: {string.Join(", ", AnalyzerCatalog.Names)}, all (default) or none (walk only).",
            AllowMultipleArgumentsPerToken = true,
        };
        var formats = new Option<string[]>("--format", "-f")
        {
            Description = "Comma-separated report formats: gitlab, sarif, cyclonedx, json (default: all four).",
            AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "Directory the reports are written to (default: the current directory).",
            DefaultValueFactory = _ => ".",
        };
        var failOn = new Option<string>("--fail-on")
        {
            Description = "Exit with code 1 when a finding is at or above this severity: critical, high, medium, low, info, unknown, or none (default).",
            DefaultValueFactory = _ => "none",
        };
        var exclude = new Option<string[]>("--exclude", "-e")
        {
            Description = "Leave out paths matching this glob (gitignore syntax, relative to PATH). Repeatable.",
        };
        var maxFileSize = new Option<string>("--max-file-size")
        {
            Description = "Skip text files larger than this (e.g. 512k, 10m, 1g; default 10m).",
            DefaultValueFactory = _ => "10m",
        };
        var offline = new Option<bool>("--offline") { Description = "Refuse any analyzer that needs the network." };
        var noRedact = new Option<bool>("--no-redact") { Description = "Show found secrets in full in reports and output (off by default)." };
        var showInvalid = new Option<bool>("--show-invalid") { Description = "Also report secrets whose format check (checksum, structure) failed." };
        var secretsConfig = new Option<string?>("--secrets-config") { Description = "A gitleaks-compatible TOML rule file (default: .gitleaks.toml at the root if present)." };
        var advisoryDb = new Option<string?>("--advisory-db") { Description = "The OSV advisory database for dependency matching (default: the one `bulwark db update` and `bulwark db import` write)." };
        var licensePolicy = new Option<string?>("--license-policy")
        {
            Description = "A licence policy file (allow/deny by SPDX id or class; docs/licences.md). Default: .bulwark/licenses.yml or bulwark-licenses.yml at the root, if present.",
        };
        var projectId = new Option<string?>("--project-id") { Description = "Project id used in vulnerability identities (default: $CI_PROJECT_ID, else the directory name)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing but errors." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print every warning and per-analyzer timings." };

        var command = new Command("scan",
            "Scan a directory: walk it once, run the analyzers that apply and write reports.\n\n" +
            "Examples:\n" +
            "  bulwark scan .\n" +
            "  bulwark scan src --analyzers secrets --format sarif --output out\n" +
            "  bulwark scan . --fail-on high --exclude 'vendor/**' --exclude '*.min.js'\n" +
            "  bulwark scan . --analyzers dependencies --license-policy licenses.yml --fail-on high\n\n" +
            ExitCodes.HelpText)
        {
            path, analyzers, formats, output, failOn, exclude, maxFileSize, offline, noRedact, showInvalid, secretsConfig, advisoryDb, licensePolicy, projectId, quiet, verbose,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new ScanRequest(
                Path: parse.GetValue(path) ?? ".",
                Analyzers: SplitList(parse.GetValue(analyzers)),
                Formats: SplitList(parse.GetValue(formats)),
                OutputDirectory: parse.GetValue(output) ?? ".",
                FailOn: parse.GetValue(failOn) ?? "none",
                Excludes: parse.GetValue(exclude) ?? [],
                MaxFileSize: parse.GetValue(maxFileSize) ?? "10m",
                Offline: parse.GetValue(offline),
                NoRedact: parse.GetValue(noRedact),
                ShowInvalid: parse.GetValue(showInvalid),
                SecretsConfig: parse.GetValue(secretsConfig),
                AdvisoryDatabase: parse.GetValue(advisoryDb),
                LicensePolicy: parse.GetValue(licensePolicy),
                ProjectId: parse.GetValue(projectId),
                Quiet: parse.GetValue(quiet),
                Verbose: parse.GetValue(verbose));
            return await ScanJob.RunAsync(request, cancellationToken);
        });
        return command;
    }

    internal static IReadOnlyList<string> SplitList(string[]? values) =>
        values is null ? [] : [.. values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    internal static bool TryParseSize(string text, out long bytes)
    {
        bytes = 0;
        text = text.Trim().ToLowerInvariant();
        long multiplier = 1;
        if (text.EndsWith("ib", StringComparison.Ordinal) || text.EndsWith("b", StringComparison.Ordinal) && text.Length > 1 && !char.IsDigit(text[^2]))
        {
            text = text.TrimEnd('b').TrimEnd('i');
        }

        if (text.Length > 0 && text[^1] is 'k' or 'm' or 'g')
        {
            multiplier = text[^1] switch { 'k' => 1024L, 'm' => 1024L * 1024, _ => 1024L * 1024 * 1024 };
            text = text[..^1];
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            return false;
        }

        bytes = value * multiplier;
        return true;
    }

    internal static bool TryParseFailOn(string text, out Severity? threshold)
    {
        threshold = null;
        if (string.Equals(text, "none", StringComparison.OrdinalIgnoreCase) || string.Equals(text, "never", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (SeverityScale.TryParse(text, out var severity) && !string.IsNullOrWhiteSpace(text))
        {
            threshold = severity;
            return true;
        }

        return false;
    }
}

internal sealed record ScanRequest(
    string Path,
    IReadOnlyList<string> Analyzers,
    IReadOnlyList<string> Formats,
    string OutputDirectory,
    string FailOn,
    IReadOnlyList<string> Excludes,
    string MaxFileSize,
    bool Offline,
    bool NoRedact,
    bool ShowInvalid,
    string? SecretsConfig,
    string? AdvisoryDatabase,
    string? LicensePolicy,
    string? ProjectId,
    bool Quiet,
    bool Verbose);
