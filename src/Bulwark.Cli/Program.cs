using System.CommandLine;
using Bulwark.Cli;
using Bulwark.Cli.Commands;

// Before anything else: the per-platform tool runs without tiered compilation, which suits scans but not a
// long-running server, so `serve` replaces this process with one that has it (ServeRelaunch says why).
ServeRelaunch.IfServeRunsWithoutTiering(args);

var root = new RootCommand(
    "Bulwark: an application security scanner. Finds leaked secrets and more in a source tree and writes " +
    "GitLab security reports, SARIF 2.1.0 and CycloneDX 1.6.\n\n" + ExitCodes.HelpText);
(string Name, Func<Command> Create)[] commands =
[
    ("scan", ScanCommand.Create),
    ("analyzers", AnalyzersCommand.Create),
    ("db", DbCommand.Create),
    ("deps", DepsCommand.Create),
    ("secrets", SecretsCommand.Create),
    ("serve", ServerCommands.Serve),
    ("server", ServerCommands.Server),
    ("upload", UploadCommand.Create),
];

// Building every command's options and help costs milliseconds a pre-commit hook does not have: when the first
// argument names a command, only that one is built (it parses the same); otherwise (--help, --version, a typo) all are.
var named = args.Length > 0 ? Array.FindIndex(commands, c => c.Name == args[0]) : -1;
foreach (var (name, create) in named >= 0 ? [commands[named]] : commands)
{
    var command = create();
    root.Subcommands.Add(command.Name == name ? command : throw new InvalidOperationException($"command '{command.Name}' is listed as '{name}'"));
}

return await CommandLineEntry.InvokeAsync(root, args);
