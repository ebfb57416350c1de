using System.CommandLine;
using System.Globalization;
using System.Net;
using Bulwark.Advisories.Storage;
using Bulwark.Advisories.Update;
using Bulwark.Cli.Output;

namespace Bulwark.Cli.Commands;

/// <summary><c>bulwark db update|import|status</c>: the local OSV advisory database used to match dependencies.</summary>
internal static class DbCommand
{
    public static Command Create()
    {
        var command = new Command("db", "Manage the local OSV advisory database that dependency scanning matches against.");
        command.Subcommands.Add(Update());
        command.Subcommands.Add(Import());
        command.Subcommands.Add(Status());
        return command;
    }

    private static Command Update()
    {
        var db = DatabaseOption();
        var source = new Option<string>("--source")
        {
            Description = $"Where OSV archives are downloaded from: {{source}}/{{ecosystem}}/all.zip (default: {OsvMirror.DefaultBase}). HTTPS only, except for a mirror on this machine or with --allow-http.",
            DefaultValueFactory = _ => OsvMirror.DefaultBase,
        };
        var ecosystems = new Option<string[]>("--ecosystems")
        {
            Description = "Comma-separated OSV ecosystems to download (default: those already in the database, else "
                + string.Join(", ", OsvMirror.DefaultEcosystems) + ").",
            AllowMultipleArgumentsPerToken = true,
        };
        var allowHttp = new Option<bool>("--allow-http") { Description = "Accept a plain-HTTP --source that is not on this machine (an internal mirror without TLS)." };
        var command = new Command("update",
            "Download OSV's per-ecosystem archives and bring the advisory database up to date.\n\n" +
            "Unchanged archives are not downloaded again (ETag / Last-Modified); a broken download resumes where it\n" +
            "stopped; every archive is verified (length, checksum, zip, records) and imported into a new database\n" +
            "file that replaces the old one in one step, so a failed update leaves the old database as it was.\n\n" +
            "Examples:\n  bulwark db update\n  bulwark db update --ecosystems npm,PyPI,Maven\n  bulwark db update --source https://mirror.example.com/osv --db ./osv.db\n\n" +
            "Exit codes: 0 updated or already current; 2 usage error; 3 a download or verification failed (the message names the URL).")
        {
            db, source, ecosystems, allowHttp,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!OsvMirror.TryCreate(parse.GetValue(source)!, parse.GetValue(allowHttp), out var mirror, out var sourceError))
            {
                Console.Error.WriteLine($"error: --source: {sourceError}");
                return ExitCodes.UsageError;
            }

            List<string>? chosen = null;
            foreach (var name in ScanCommand.SplitList(parse.GetValue(ecosystems)))
            {
                if (!OsvMirror.TryNormalizeEcosystem(name, out var ecosystem, out var ecosystemError))
                {
                    Console.Error.WriteLine($"error: --ecosystems: {ecosystemError}");
                    return ExitCodes.UsageError;
                }

                (chosen ??= []).Add(ecosystem);
            }

            var file = parse.GetValue(db)!;
            using var http = CreateHttpClient();
            try
            {
                var report = await AdvisoryUpdate.RunAsync(new UpdateOptions
                {
                    DatabasePath = file,
                    Mirror = mirror,
                    Ecosystems = chosen,
                    Log = line => Console.Error.WriteLine(line),
                }, http, cancellationToken);
                PrintUpdate(report);
                return ExitCodes.Success;
            }
            catch (AdvisoryUpdateException e)
            {
                Console.Error.WriteLine($"error: {e.Message}. The advisory database at {file} was left unchanged.");
                return ExitCodes.Incomplete;
            }
            catch (AdvisoryDatabaseException e)
            {
                Console.Error.WriteLine($"error: {e.Message}. The advisory database at {file} was left unchanged.");
                return ExitCodes.Incomplete;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {e.Message}. The advisory database at {file} was left unchanged.");
                return ExitCodes.Incomplete;
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine($"error: the update was interrupted. The advisory database at {file} was left unchanged; a partial download is kept and the next update resumes it.");
                return ExitCodes.Incomplete;
            }
        });
        return command;
    }

    private static HttpClient CreateHttpClient()
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(30),
            AutomaticDecompression = DecompressionMethods.None, // the archive's bytes are what gets verified
            MaxAutomaticRedirections = 5,
        };
        var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }; // stalls are detected per read instead
        http.DefaultRequestHeaders.UserAgent.ParseAdd($"bulwark/{ScanJob.Version}");
        return http;
    }

    private static void PrintUpdate(UpdateReport report)
    {
        foreach (var archive in report.Archives)
        {
            var line = archive.Status switch
            {
                ArchiveStatus.NotModified => "not modified since the last update",
                ArchiveStatus.NotPublished => "not published by this mirror; skipped",
                _ => string.Create(CultureInfo.InvariantCulture,
                    $"downloaded {ScanConsole.FormatBytes(archive.Transferred)}{(archive.ResumedAt > 0 ? $" (resumed at {ScanConsole.FormatBytes(archive.ResumedAt)})" : "")}, {archive.Import!.Imported:N0} records imported ({archive.Import.Withdrawn:N0} withdrawn, {archive.Import.Problems.Count:N0} problems)"),
            };
            Console.WriteLine($"{archive.Ecosystem}: {line}");
            foreach (var problem in archive.Import?.Problems.Take(10) ?? [])
            {
                Console.Error.WriteLine($"warning: {problem.Source}: {problem.Message}");
            }
        }

        if (report.RebuiltBecause is { } reason)
        {
            Console.Error.WriteLine($"warning: the old database could not be read ({reason}); it was rebuilt from the downloaded archives.");
        }

        Console.WriteLine(report.Replaced
            ? string.Create(CultureInfo.InvariantCulture, $"Updated {report.DatabasePath} in {report.Elapsed.TotalSeconds:0.0}s.")
            : $"{report.DatabasePath} is up to date.");
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
            DatabaseLock writer;
            try
            {
                writer = DatabaseLock.Acquire(file);
            }
            catch (AdvisoryDatabaseException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return Task.FromResult(ExitCodes.Incomplete);
            }

            using var held = writer;
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
                Console.Error.WriteLine($"error: no advisory database at {file}. Create one with: bulwark db update (or bulwark db import PATH...)");
                return ExitCodes.UsageError;
            }

            try
            {
                using var database = AdvisoryDatabase.OpenReadOnly(file);
                var status = database.Status();
                Console.WriteLine($"Database: {status.Path}");
                Console.WriteLine($"Last import: {status.LastImport?.ToString("u", CultureInfo.InvariantCulture) ?? "never"}");
                Console.WriteLine($"Current as of: {status.FreshAsOf?.ToString("u", CultureInfo.InvariantCulture) ?? "never"}");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Records: {status.Records:N0}"));
                foreach (var (ecosystem, count) in status.RecordsPerEcosystem.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {ecosystem}: {count:N0}"));
                }

                foreach (var source in status.Sources)
                {
                    Console.WriteLine($"Source: {source}");
                }

                foreach (var remote in status.RemoteSources)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"Download: {remote.Url} ({remote.Ecosystem}, {remote.Records:N0} records, downloaded {remote.DownloadedAt:u}, last checked {remote.CheckedAt:u})"));
                }

                if (status.IsOlderThan(DatabaseStatus.StaleAfter, DateTimeOffset.UtcNow))
                {
                    Console.Error.WriteLine($"warning: the database is older than {DatabaseStatus.StaleAfter.TotalDays:0} days; run `bulwark db update`.");
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
