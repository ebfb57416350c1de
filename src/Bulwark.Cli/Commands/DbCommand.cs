using System.CommandLine;
using System.Globalization;
using Bulwark.Advisories.Storage;

namespace Bulwark.Cli.Commands;

/// <summary><c>bulwark db import|status</c>: the local OSV advisory database used to match dependencies.</summary>
internal static class DbCommand
{
    public static Command Create()
    {
        var command = new Command("db", "Manage the local OSV advisory database that dependency scanning matches against.");
        command.Subcommands.Add(Import());
        command.Subcommands.Add(Status());
        return command;
    }

    internal static Option<string> DatabaseOption() => new("--db")
    {
        Description = $"The advisory database file (default: {AdvisoryDatabase.DefaultPath}).",
        DefaultValueFactory = _ => AdvisoryDatabase.DefaultPath,
    };

    private static Command Import()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "OSV records: directories, .json/.yaml files or OSV all.zip archives.",
            Arity = ArgumentArity.OneOrMore,
        };
        var db = DatabaseOption();
        var command = new Command("import", "Import OSV records into the advisory database (withdrawn records are left out, aliases merged).\n\n" +
            "Examples:\n  bulwark db import ~/osv/PyPI/all.zip ~/osv/npm/all.zip\n  bulwark db import advisories/ --db ./osv.db")
        {
            paths, db,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var inputs = parse.GetValue(paths) ?? [];
            var missing = inputs.Where(p => !File.Exists(p) && !Directory.Exists(p)).ToList();
            if (missing.Count > 0)
            {
                Console.Error.WriteLine($"error: PATHS: '{string.Join("', '", missing)}' does not exist.");
                return Task.FromResult(ExitCodes.UsageError);
            }

            var file = parse.GetValue(db)!;
            try
            {
                using var database = AdvisoryDatabase.Open(file);
                var report = database.Import(inputs, cancellationToken);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Imported {report.Imported:N0} of {report.Read:N0} records into {file} in {report.Elapsed.TotalSeconds:0.0}s ({report.Withdrawn:N0} withdrawn, {report.Superseded:N0} superseded, {report.Problems.Count:N0} problems)."));
                foreach (var problem in report.Problems.Take(20))
                {
                    Console.Error.WriteLine($"warning: {problem.Source}: {problem.Message}");
                }

                return Task.FromResult(report.Problems.Count > 0 ? ExitCodes.Incomplete : ExitCodes.Success);
            }
            catch (AdvisoryDatabaseException e)
            {
                Console.Error.WriteLine($"error: --db: {e.Message}");
                return Task.FromResult(ExitCodes.UsageError);
            }
        });
        return command;
    }

    private static Command Status()
    {
        var db = DatabaseOption();
        var command = new Command("status", "Show the advisory database: age, sources and records per ecosystem.\n\nExample:\n  bulwark db status") { db };
        command.SetAction(parse =>
        {
            var file = parse.GetValue(db)!;
            if (!File.Exists(file))
            {
                Console.Error.WriteLine($"error: no advisory database at {file}. Create one with: bulwark db import PATH...");
                return ExitCodes.UsageError;
            }

            try
            {
                using var database = AdvisoryDatabase.OpenExisting(file);
                var status = database.Status();
                Console.WriteLine($"Database: {status.Path}");
                Console.WriteLine($"Last import: {status.LastImport?.ToString("u", CultureInfo.InvariantCulture) ?? "never"}");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Records: {status.Records:N0}"));
                foreach (var (ecosystem, count) in status.RecordsPerEcosystem.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {ecosystem}: {count:N0}"));
                }

                foreach (var source in status.Sources)
                {
                    Console.WriteLine($"Source: {source}");
                }

                if (status.IsOlderThan(TimeSpan.FromDays(7), DateTimeOffset.UtcNow))
                {
                    Console.Error.WriteLine("warning: the database is older than 7 days; import fresh OSV data.");
                }

                return ExitCodes.Success;
            }
            catch (AdvisoryDatabaseException e)
            {
                Console.Error.WriteLine($"error: --db: {e.Message}");
                return ExitCodes.UsageError;
            }
        });
        return command;
    }
}
