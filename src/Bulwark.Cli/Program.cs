using System.CommandLine;
using Bulwark.Cli;
using Bulwark.Cli.Commands;

var root = new RootCommand(
    "Bulwark: an application security scanner. Finds leaked secrets and more in a source tree and writes " +
    "GitLab security reports, SARIF 2.1.0 and CycloneDX 1.6.\n\n" + ExitCodes.HelpText);
root.Subcommands.Add(ScanCommand.Create());
root.Subcommands.Add(AnalyzersCommand.Create());
root.Subcommands.Add(DbCommand.Create());
root.Subcommands.Add(DepsCommand.Create());
root.Subcommands.Add(SecretsCommand.Create());
root.Subcommands.Add(ServerCommands.Serve());
root.Subcommands.Add(ServerCommands.Server());
root.Subcommands.Add(UploadCommand.Create());

return await CommandLineEntry.InvokeAsync(root, args);
