using System.CommandLine;
using Bulwark.Platform.Access;
using Bulwark.Server.Hosting;

namespace Bulwark.Cli.Commands;

/// <summary><c>bulwark serve</c> and <c>bulwark server migrate|create-admin</c>: the vulnerability management server.</summary>
internal static class ServerCommands
{
    private static Option<string> DataOption() => new("--data")
    {
        Description = "Directory for the embedded SQLite database and spooled uploads (created when missing).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BULWARK_DATA") ?? "bulwark-data",
    };

    private static Option<string?> DatabaseOption() => new("--database")
    {
        Description = "PostgreSQL connection string (Host=…;Database=…;Username=…) or postgres:// URL; default: SQLite under --data. Also BULWARK_DATABASE.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BULWARK_DATABASE"),
    };

    public static Command Serve()
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BULWARK_URLS") ?? "http://127.0.0.1:8080",
        };
        var data = DataOption();
        var database = DatabaseOption();
        var maxReport = new Option<long>("--max-report-bytes")
        {
            Description = "Largest report accepted; larger uploads get 413.",
            DefaultValueFactory = _ => 512L * 1024 * 1024,
        };
        var lease = new Option<int>("--ingestion-lease")
        {
            Description = "Seconds an ingestion job stays with an instance that stops renewing it (it died); then another instance finishes it.",
            DefaultValueFactory = _ => 60,
        };
        var proxies = new Option<string[]>("--trusted-proxies")
        {
            Description = "Load balancers or reverse proxies whose X-Forwarded-For/X-Forwarded-Proto are believed: addresses or CIDR networks, comma-separated or repeated (10.0.0.5,10.1.0.0/16). Also BULWARK_TRUSTED_PROXIES. Default: none (the headers are ignored).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BULWARK_TRUSTED_PROXIES") is { Length: > 0 } env ? [env] : [],
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("serve", "Run the vulnerability management server: report ingestion, tracking, triage and its HTTP API.\n\n" +
            "Examples:\n  bulwark serve --urls http://127.0.0.1:8080 --data ./bulwark-data\n" +
            "  bulwark serve --database \"Host=db;Database=bulwark;Username=bulwark;Password=…\"")
        {
            urls, data, database, maxReport, lease, proxies,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new ServerOptions
            {
                Urls = parse.GetValue(urls)!,
                DataDirectory = parse.GetValue(data)!,
                Database = parse.GetValue(database),
                MaxReportBytes = parse.GetValue(maxReport),
                TrustedProxies = parse.GetValue(proxies) ?? [],
                Ingestion = new Bulwark.Platform.Ingestion.IngestionQueueOptions
                {
                    Lease = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(lease))),
                    // Look for abandoned jobs a few times per lease, and at least every 5 s for queued ones.
                    PollInterval = TimeSpan.FromSeconds(Math.Min(5, Math.Max(1, parse.GetValue(lease)) / 4.0)),
                },
            };
            try
            {
                _ = Bulwark.Server.Hosting.ProxyTrust.OptionsFor(options.TrustedProxies);
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"bulwark: {e.Message}");
                return ExitCodes.UsageError;
            }

            if (!await MigrateAsync(options, cancellationToken).ConfigureAwait(false))
            {
                return ExitCodes.Incomplete;
            }

            // First start on an empty database: one administrator token, printed here once and never again.
            if (await Administrators.BootstrapAsync(BulwarkServer.DatabaseFor(options), DateTime.UtcNow, cancellationToken).ConfigureAwait(false) is { } bootstrap)
            {
                Console.Error.WriteLine($"bulwark: first start: created administrator '{Administrators.BootstrapUsername}'. Its API token below is shown once and expires in 24 hours;");
                Console.Error.WriteLine("bulwark: use it to set a password (PATCH /api/v1/users/admin) or create accounts and tokens.");
                Console.Error.WriteLine($"bulwark: bootstrap token: {bootstrap}");
            }

            await using var app = BulwarkServer.Build(options);
            Console.Error.WriteLine($"bulwark: serving on {options.Urls} with {BulwarkServer.DatabaseFor(options).Description}");
            await BulwarkServer.StartAsync(app, options, cancellationToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C or SIGTERM: finish the requests in flight, then stop.
            }

            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Server()
    {
        var command = new Command("server", "Administer the server's database: migrations and the first administrator.");
        command.Subcommands.Add(Migrate());
        command.Subcommands.Add(CreateAdmin());
        return command;
    }

    private static Command Migrate()
    {
        var data = DataOption();
        var database = DatabaseOption();
        var command = new Command("migrate", "Create the database or bring it to the current schema (serve does this at start too).") { data, database };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new ServerOptions { DataDirectory = parse.GetValue(data)!, Database = parse.GetValue(database) };
            try
            {
                _ = Bulwark.Server.Hosting.ProxyTrust.OptionsFor(options.TrustedProxies);
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"bulwark: {e.Message}");
                return ExitCodes.UsageError;
            }

            if (!await MigrateAsync(options, cancellationToken).ConfigureAwait(false))
            {
                return ExitCodes.Incomplete;
            }

            Console.WriteLine($"Database is current: {BulwarkServer.DatabaseFor(options).Description}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateAdmin()
    {
        var data = DataOption();
        var database = DatabaseOption();
        var username = new Option<string>("--username") { Description = "The administrator's user name.", Required = true };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read a password for web sign-in from standard input." };
        var command = new Command("create-admin", "Create an administrator (or make a user one) and print a new API token on the last line of standard output.\n\n" +
            "Example:\n  TOKEN=$(bulwark server create-admin --data ./bulwark-data --username admin | tail -n1)")
        {
            data, database, username, passwordStdin,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new ServerOptions { DataDirectory = parse.GetValue(data)!, Database = parse.GetValue(database) };
            var name = parse.GetValue(username)!.Trim();
            if (PathNames.Normalise(name, out _) is null || name.Contains('/', StringComparison.Ordinal))
            {
                Console.Error.WriteLine("error: --username: use letters, digits, '_', '.' and '-'.");
                return ExitCodes.UsageError;
            }

            string? password = null;
            if (parse.GetValue(passwordStdin))
            {
                password = (await Console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false))?.TrimEnd('\r', '\n');
                if (string.IsNullOrEmpty(password) || password.Length < 12)
                {
                    Console.Error.WriteLine("error: --password-stdin: the password must be at least 12 characters.");
                    return ExitCodes.UsageError;
                }
            }

            try
            {
                _ = Bulwark.Server.Hosting.ProxyTrust.OptionsFor(options.TrustedProxies);
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"bulwark: {e.Message}");
                return ExitCodes.UsageError;
            }

            if (!await MigrateAsync(options, cancellationToken).ConfigureAwait(false))
            {
                return ExitCodes.Incomplete;
            }

            var (user, token) = await Administrators.CreateAsync(BulwarkServer.DatabaseFor(options), name, password, DateTime.UtcNow, cancellationToken).ConfigureAwait(false);
            Console.Error.WriteLine($"Administrator '{user.Username}' is ready. The token below is shown once; store it now.");
            Console.WriteLine(token);
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<bool> MigrateAsync(ServerOptions options, CancellationToken cancellationToken)
    {
        try
        {
            await BulwarkServer.MigrateAsync(options, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            Console.Error.WriteLine($"error: the database could not be opened or migrated ({BulwarkServer.DatabaseFor(options).Description}): {e.Message}");
            return false;
        }
    }
}
