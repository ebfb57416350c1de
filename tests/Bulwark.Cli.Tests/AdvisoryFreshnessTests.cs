using System.Globalization;
using System.Text.Json;
using Bulwark.Core.Tests.Reports;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Bulwark.Cli.Tests;

/// <summary>
/// What a dependency scan says about the advisory database itself: nothing when it is fresh, a warning
/// when it is more than 7 days old, a plain statement when there is none — on the console and in the reports.
/// </summary>
public sealed class AdvisoryFreshnessTests : IDisposable
{
    private static readonly string Fixtures = Path.Combine(SchemaValidator.RepositoryRoot, "tests", "Bulwark.Advisories.Tests", "testdata", "fixtures");
    private readonly TempTree _tree = new TempTree()
        .File("package-lock.json", """
            {
              "name": "shop", "version": "1.0.0", "lockfileVersion": 3, "requires": true,
              "packages": {
                "": { "name": "shop", "version": "1.0.0", "dependencies": { "lodash": "^4.17.15" } },
                "node_modules/lodash": { "version": "4.17.15", "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.15.tgz" }
              }
            }
            """);

    private readonly TempTree _work = new();

    public void Dispose()
    {
        _tree.Dispose();
        _work.Dispose();
    }

    private string Database => _work.Path("osv.db");

    /// <summary>Runs a scan; its console text comes back with the terminal's line wrapping undone.</summary>
    private (int ExitCode, string Console) Scan(params string[] extra)
    {
        var scan = BulwarkProcess.RunWithEnvironment(_work.Root, new Dictionary<string, string> { ["XDG_CACHE_HOME"] = _work.Path("cache") },
            ["scan", _tree.Root, "--analyzers", "dependencies", "--format", "gitlab,json,cyclonedx", "--output", _work.Path("out"), .. extra]);
        return (scan.ExitCode, Regex.Replace(scan.All, @"\s+", " "));
    }

    private void Import()
    {
        var import = BulwarkProcess.Run(_work.Root, "db", "import", Fixtures, "--db", Database);
        Assert.True(import.ExitCode == 0, import.All);
    }

    private void BackdateImport(TimeSpan age)
    {
        using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE meta SET value = $value WHERE key = 'last_import'";
        command.Parameters.AddWithValue("$value", DateTimeOffset.UtcNow.Subtract(age).ToString("O", CultureInfo.InvariantCulture));
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private List<string> ReportWarnings()
    {
        using var native = JsonDocument.Parse(File.ReadAllText(_work.Path("out/bulwark.json")));
        using var gitlab = JsonDocument.Parse(File.ReadAllText(_work.Path("out/gl-dependency-scanning-report.json")));
        return
        [
            .. native.RootElement.TryGetProperty("warnings", out var warnings)
                ? warnings.EnumerateArray().Select(w => w.GetProperty("message").GetString()!)
                : [],
            .. gitlab.RootElement.GetProperty("scan").TryGetProperty("messages", out var messages)
                ? messages.EnumerateArray().Select(m => "gitlab: " + m.GetProperty("value").GetString()!)
                : [],
        ];
    }

    [Fact]
    public void A_database_older_than_7_days_is_named_in_a_warning_on_the_console_and_in_the_reports()
    {
        Import();
        BackdateImport(TimeSpan.FromDays(10));

        var scan = Scan("--advisory-db", Database);

        Assert.True(scan.ExitCode == 0, scan.Console);
        Assert.Contains($"warning: [dependencies] The advisory database at {Database} was last brought up to date 10 days ago", scan.Console, StringComparison.Ordinal);
        Assert.Contains("Run `bulwark db update`", scan.Console, StringComparison.Ordinal);
        var warnings = ReportWarnings();
        Assert.Contains(warnings, w => w.StartsWith("The advisory database at", StringComparison.Ordinal) && w.Contains("10 days ago", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("gitlab: The advisory database at", StringComparison.Ordinal));
        Assert.Contains("GHSA-p6mc-m468-83gw", File.ReadAllText(_work.Path("out/gl-dependency-scanning-report.json")), StringComparison.Ordinal); // still matched
    }

    [Fact]
    public void A_database_updated_within_7_days_brings_no_warning()
    {
        Import();
        BackdateImport(TimeSpan.FromDays(6));

        var scan = Scan("--advisory-db", Database);

        Assert.True(scan.ExitCode == 0, scan.Console);
        Assert.DoesNotContain("advisory database", scan.Console, StringComparison.Ordinal);
        Assert.DoesNotContain(ReportWarnings(), w => w.Contains("advisory database", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_database_the_scan_says_so_plainly_and_still_inventories()
    {
        var scan = Scan();

        Assert.True(scan.ExitCode == 0, scan.Console);
        var expected = $"No advisory database at {Path.Combine(_work.Path("cache"), "bulwark", "advisories.db")}: dependencies were inventoried but not checked for known vulnerabilities";
        Assert.Contains("warning: [dependencies] " + expected, scan.Console, StringComparison.Ordinal);
        Assert.Contains(ReportWarnings(), w => w.StartsWith(expected, StringComparison.Ordinal));
        Assert.Contains("pkg:npm/lodash@4.17.15", File.ReadAllText(_work.Path("out/bulwark.cdx.json")), StringComparison.Ordinal);
    }
}
