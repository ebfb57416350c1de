using System.CommandLine;
using Bulwark.Cli.Commands.Secrets;

namespace Bulwark.Cli.Commands;

/// <summary>
/// <c>bulwark secrets detect|protect</c>: gitleaks-style secret scanning of git history, staged changes, piped
/// text or a plain directory, with gitleaks' flag names so existing scripts and hooks carry over.
/// </summary>
internal static class SecretsCommand
{
    private const string ExitCodeHelp =
        "Exit codes: 0 no secrets found; 1 (or --exit-code) secrets found; 2 usage or configuration error; 3 the scan could not complete.";

    public static Command Create()
    {
        var command = new Command("secrets",
            "Find leaked secrets in git history, staged changes, piped text or a directory (gitleaks-compatible).\n\n" + ExitCodeHelp);
        command.Subcommands.Add(Detect());
        command.Subcommands.Add(Protect());
        return command;
    }

    private static Command Detect()
    {
        var options = new SharedOptions();
        var path = PathArgument();
        var logOpts = new Option<string?>("--log-opts")
        {
            Description = "git log options selecting the commits, e.g. 'main..HEAD' or '--since=2024-01-01' (default: every commit on every ref).",
        };
        var noGit = new Option<bool>("--no-git") { Description = "Scan PATH as a plain directory (working tree, archives included) instead of its git history." };
        var stdin = new Option<bool>("--stdin") { Description = "Scan text piped on standard input; findings are reported under the path 'stdin'." };

        var command = new Command("detect",
            "Scan the git history of PATH (every commit's added lines, once), or a plain directory with --no-git, or standard input with --stdin.\n\n" +
            "Examples:\n" +
            "  bulwark secrets detect\n" +
            "  bulwark secrets detect --log-opts 'origin/main..HEAD' --report-format sarif --report-path secrets.sarif\n" +
            "  bulwark secrets detect --no-git src --baseline old-report.json\n" +
            "  kubectl get secret app -o yaml | bulwark secrets detect --stdin\n\n" + ExitCodeHelp)
        {
            path, logOpts, noGit, stdin,
        };
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var mode = parse.GetValue(stdin) ? SecretsMode.Stdin : parse.GetValue(noGit) ? SecretsMode.Directory : SecretsMode.History;
            var request = options.Read(parse, mode, parse.GetValue(path) ?? ".") with { LogOptions = parse.GetValue(logOpts) };
            return await SecretsJob.RunAsync(request, cancellationToken);
        });
        return command;
    }

    private static Command Protect()
    {
        var options = new SharedOptions();
        var path = PathArgument();
        var staged = new Option<bool>("--staged") { Description = "Scan the staged changes (what the next commit adds): the pre-commit hook mode." };
        var command = new Command("protect",
            "Scan uncommitted changes before they are committed: with --staged, exactly what the next commit adds. Exits 1 " +
            "and says how to allow a finding when a secret is added. Only the diff is read, never the whole tree.\n\n" +
            "Examples:\n" +
            "  bulwark secrets protect --staged          (in .git/hooks/pre-commit)\n" +
            "  bulwark secrets protect                   (changes not staged yet)\n\n" + ExitCodeHelp)
        {
            path, staged,
        };
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = options.Read(parse, parse.GetValue(staged) ? SecretsMode.Staged : SecretsMode.Unstaged, parse.GetValue(path) ?? ".");
            return await SecretsJob.RunAsync(request, cancellationToken);
        });
        return command;
    }

    private static Argument<string> PathArgument() => new("path")
    {
        Description = "The repository or directory (default: the current directory).",
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => ".",
    };

    /// <summary>The options both verbs share, one instance per command.</summary>
    private sealed class SharedOptions
    {
        private readonly Option<string?> _baseline = new("--baseline", "--baseline-path")
        {
            Description = "An earlier report (gitleaks JSON, GitLab secret_detection or bulwark.json): only findings not in it are reported.",
        };

        private readonly Option<string> _format = new("--report-format", "-f")
        {
            Description = "Report format for --report-path: json (gitleaks-compatible JSON, also 'gitleaks'), sarif or gitlab.",
            DefaultValueFactory = _ => "json",
        };

        private readonly Option<string?> _reportPath = new("--report-path", "-r") { Description = "Write a report to this file ('-' for standard output)." };
        private readonly Option<string?> _config = new("--config", "-c") { Description = "A gitleaks-compatible TOML rule file (default: .gitleaks.toml or gitleaks.toml in PATH if present, else the built-in rules)." };
        private readonly Option<bool> _noRedact = new("--no-redact") { Description = "Show secrets in full in reports and output (off by default)." };
        private readonly Option<bool> _showInvalid = new("--show-invalid") { Description = "Also report hits whose offline format check (checksum, structure) failed." };
        private readonly Option<int> _decodeDepth = new("--decode-depth") { Description = "Layers of base64/hex/percent encoding decoded and rescanned (0 turns decoding off).", DefaultValueFactory = _ => 2 };
        private readonly Option<int> _exitCode = new("--exit-code") { Description = "Exit code when secrets are found.", DefaultValueFactory = _ => ExitCodes.FindingsAtThreshold };
        private readonly Option<bool> _quiet = new("--quiet", "-q") { Description = "Print nothing but errors (the exit code still tells)." };
        private readonly Option<bool> _verbose = new("--verbose", "-v") { Description = "Print every warning and what was read." };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { _baseline, _format, _reportPath, _config, _noRedact, _showInvalid, _decodeDepth, _exitCode, _quiet, _verbose })
            {
                command.Options.Add(option);
            }
        }

        public SecretsRequest Read(ParseResult parse, SecretsMode mode, string path) => new(
            Mode: mode,
            Path: path,
            LogOptions: null,
            Baseline: parse.GetValue(_baseline),
            ReportFormat: parse.GetValue(_format) ?? "json",
            ReportPath: parse.GetValue(_reportPath),
            Config: parse.GetValue(_config),
            NoRedact: parse.GetValue(_noRedact),
            ShowInvalid: parse.GetValue(_showInvalid),
            DecodeDepth: parse.GetValue(_decodeDepth),
            ExitCode: parse.GetValue(_exitCode),
            Quiet: parse.GetValue(_quiet),
            Verbose: parse.GetValue(_verbose));
    }
}
