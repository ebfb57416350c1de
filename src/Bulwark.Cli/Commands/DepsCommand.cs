using System.CommandLine;
using Bulwark.Cli.Commands.Deps;

namespace Bulwark.Cli.Commands;

/// <summary><c>bulwark deps list|why</c>: the dependency list of a tree, and how a package got into it.</summary>
internal static class DepsCommand
{
    public static Command Create()
    {
        var command = new Command("deps",
            "The dependencies of a tree, read from its lockfiles and manifests by the same engine as `bulwark scan`.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Why());
        return command;
    }

    private static Command List()
    {
        var shared = new SharedOptions();
        var format = new Option<string>("--format", "-f")
        {
            Description = "table (default), json (for scripts; fields in docs/dependencies.md) or csv.",
            DefaultValueFactory = _ => "table",
        };
        var advisoryDb = new Option<string?>("--advisory-db")
        {
            Description = "The OSV advisory database to match against (default: the one `bulwark db import` writes, when it exists).",
        };
        var vulnerable = new Option<bool>("--vulnerable") { Description = "Only components with at least one known vulnerability (needs an advisory database)." };
        var dev = new Option<bool>("--dev") { Description = "Only development dependencies." };
        var noDev = new Option<bool>("--no-dev") { Description = "Leave out development dependencies." };
        var command = new Command("list",
            "List every component: ecosystem, name, version, direct or transitive, dev/optional, licences, known vulnerabilities " +
            "(count and highest severity, when an advisory database is available) and the lockfile it comes from.\n\n" +
            "Examples:\n" +
            "  bulwark deps list\n" +
            "  bulwark deps list services/api --ecosystem npm --no-dev\n" +
            "  bulwark deps list --vulnerable --advisory-db osv.db --format json > vulnerable.json\n" +
            "  bulwark deps list --format csv > dependencies.csv\n\n" +
            "Exit codes: 0 listed (even when empty); 2 usage or configuration error; 3 the tree could not be read completely.")
        {
            shared.Path, format, advisoryDb, shared.Ecosystem, vulnerable, dev, noDev, shared.Exclude, shared.MaxFileSize, shared.Quiet, shared.Verbose,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new DepsListRequest(
                shared.ReadInventory(parse, parse.GetValue(advisoryDb), matchAdvisories: true),
                parse.GetValue(format) ?? "table",
                ScanCommand.SplitList(parse.GetValue(shared.Ecosystem)),
                parse.GetValue(vulnerable),
                parse.GetValue(dev),
                parse.GetValue(noDev));
            return await DepsListJob.RunAsync(request, cancellationToken);
        });
        return command;
    }

    private static Command Why()
    {
        var shared = new SharedOptions();
        var package = new Argument<string>("package")
        {
            Description = "The package, optionally with a version: lodash, lodash@4.17.21, @babel/core@7.24.0, org.yaml:snakeyaml@1.33.",
        };
        var format = new Option<string>("--format", "-f")
        {
            Description = "text (default) or json (fields in docs/dependencies.md).",
            DefaultValueFactory = _ => "text",
        };
        var maxPaths = new Option<int>("--max-paths")
        {
            Description = "Paths shown per lockfile and version, shortest first (default 20).",
            DefaultValueFactory = _ => 20,
        };
        var command = new Command("why",
            "Show every dependency path that pulls PACKAGE into the tree (\"introduced via a → b → c\"), per lockfile and version.\n\n" +
            "Examples:\n" +
            "  bulwark deps why minimist\n" +
            "  bulwark deps why @babel/traverse@7.23.0 web/\n" +
            "  bulwark deps why urllib3 --ecosystem PyPI --format json\n\n" +
            "Exit codes: 0 found; 1 the package (or that version) is not in the tree; 2 usage or configuration error; " +
            "3 the tree could not be read completely.")
        {
            package, shared.Path, format, shared.Ecosystem, maxPaths, shared.Exclude, shared.MaxFileSize, shared.Quiet, shared.Verbose,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new DepsWhyRequest(
                shared.ReadInventory(parse, null, matchAdvisories: false),
                parse.GetValue(package) ?? string.Empty,
                parse.GetValue(format) ?? "text",
                ScanCommand.SplitList(parse.GetValue(shared.Ecosystem)),
                parse.GetValue(maxPaths));
            return await DepsWhyJob.RunAsync(request, cancellationToken);
        });
        return command;
    }

    /// <summary>The options both verbs share, one instance per command.</summary>
    private sealed class SharedOptions
    {
        public Argument<string> Path { get; } = new("path")
        {
            Description = "The directory whose lockfiles and manifests are read (default: the current directory).",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => ".",
        };

        public Option<string[]> Ecosystem { get; } = new("--ecosystem")
        {
            Description = "Only this ecosystem (OSV name or purl type, any case: npm, PyPI, Maven, NuGet, Go, crates.io/cargo…). Repeatable or comma-separated.",
            AllowMultipleArgumentsPerToken = true,
        };

        public Option<string[]> Exclude { get; } = new("--exclude", "-e")
        {
            Description = "Leave out paths matching this glob (gitignore syntax, relative to PATH). Repeatable.",
        };

        public Option<string> MaxFileSize { get; } = new("--max-file-size")
        {
            Description = "Skip lockfiles larger than this (e.g. 512k, 10m; default 10m).",
            DefaultValueFactory = _ => "10m",
        };

        public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "Print no warnings, only the answer and errors." };

        public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Print every warning about the lockfiles read." };

        public InventoryRequest ReadInventory(ParseResult parse, string? advisoryDatabase, bool matchAdvisories) => new(
            parse.GetValue(Path) ?? ".",
            parse.GetValue(Exclude) ?? [],
            parse.GetValue(MaxFileSize) ?? "10m",
            advisoryDatabase,
            matchAdvisories,
            parse.GetValue(Quiet),
            parse.GetValue(Verbose));
    }
}
