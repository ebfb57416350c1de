using System.Security.Cryptography;
using Bulwark.Advisories.Tests.Update;
using Bulwark.Core.Tests.Reports;

namespace Bulwark.Cli.Tests;

/// <summary>
/// <c>bulwark db update</c> as a user runs it, against a real HTTP server on 127.0.0.1 serving archives
/// built from real OSV records; then a scan that matches against what was downloaded.
/// </summary>
public sealed class DbUpdateCommandTests : IAsyncLifetime
{
    private static readonly string Advisories = Path.Combine(SchemaValidator.RepositoryRoot, "tests", "Bulwark.Advisories.Tests", "testdata", "advisories");
    private readonly TempTree _work = new();
    private OsvMirrorServer _server = null!;

    private string Database => _work.Path("osv.db");

    public async Task InitializeAsync()
    {
        _server = await OsvMirrorServer.StartAsync();
        foreach (var ecosystem in (string[])["Go", "PyPI", "crates.io"])
        {
            _server.Publish(ecosystem, OsvArchives.Zip(Advisories, ecosystem));
        }
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _work.Dispose();
    }

    private BulwarkProcess.Outcome Update(params string[] extra) =>
        BulwarkProcess.Run(_work.Root, ["db", "update", "--db", Database, "--source", _server.BaseUrl, "--ecosystems", "Go,pypi,crates.io", .. extra]);

    [Fact]
    public void Update_downloads_the_archives_then_finds_them_unchanged_and_a_scan_matches_against_them()
    {
        var first = Update();
        Assert.True(first.ExitCode == 0, first.All);
        Assert.Contains("Go: downloaded", first.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("PyPI: downloaded", first.StandardOutput, StringComparison.Ordinal); // `pypi` spelled as OSV spells it
        Assert.Contains("crates.io: downloaded", first.StandardOutput, StringComparison.Ordinal);

        var status = BulwarkProcess.Run(_work.Root, "db", "status", "--db", Database);
        Assert.True(status.ExitCode == 0, status.All);
        Assert.Contains($"Download: {_server.BaseUrl}/PyPI/all.zip", status.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("older than", status.StandardError, StringComparison.Ordinal);

        var second = Update();
        Assert.True(second.ExitCode == 0, second.All);
        Assert.Contains("Go: not modified", second.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("is up to date", second.StandardOutput, StringComparison.Ordinal);
        Assert.All(_server.Requests.TakeLast(3), r => Assert.Equal(304, r.Status));

        using var tree = new TempTree()
            .File("Cargo.lock", """
                version = 3

                [[package]]
                name = "app"
                version = "0.1.0"
                dependencies = ["time"]

                [[package]]
                name = "time"
                version = "0.1.45"
                source = "registry+https://github.com/rust-lang/crates.io-index"
                """);
        var scan = BulwarkProcess.Run(_work.Root, "scan", tree.Root, "--analyzers", "dependencies", "--advisory-db", Database,
            "--format", "gitlab", "--output", _work.Path("out"));
        Assert.True(scan.ExitCode == 0, scan.All);
        Assert.Contains("RUSTSEC-2020-0071", File.ReadAllText(_work.Path("out/gl-dependency-scanning-report.json")), StringComparison.Ordinal);
        Assert.DoesNotContain("advisory database", scan.StandardError, StringComparison.Ordinal); // fresh: no caveat
    }

    [Fact]
    public void A_server_error_exits_3_naming_the_url_and_leaves_the_database_as_it_was()
    {
        Assert.Equal(0, Update().ExitCode);
        var before = SHA256.HashData(File.ReadAllBytes(Database));
        _server.Publish("Go", OsvArchives.Zip(OsvArchives.Records(Advisories, "Go").Skip(1)));
        _server.Fail("Go", 500);

        var update = Update();

        Assert.Equal(3, update.ExitCode);
        Assert.Contains($"{_server.BaseUrl}/Go/all.zip", update.StandardError, StringComparison.Ordinal);
        Assert.Contains("HTTP 500", update.StandardError, StringComparison.Ordinal);
        Assert.Contains("left unchanged", update.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(Database)));
    }

    [Fact]
    public void A_corrupt_archive_exits_3_and_the_database_still_answers()
    {
        Assert.Equal(0, Update().ExitCode);
        _server.Publish("crates.io", [.. "PK\u0003\u0004 not really a zip"u8]);

        var update = Update();

        Assert.Equal(3, update.ExitCode);
        Assert.Contains($"{_server.BaseUrl}/crates.io/all.zip: the archive failed verification", update.StandardError, StringComparison.Ordinal);
        var status = BulwarkProcess.Run(_work.Root, "db", "status", "--db", Database);
        Assert.True(status.ExitCode == 0, status.All);
        Assert.Contains("crates.io:", status.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--source", "ftp://mirror.example.com/osv", "--source: 'ftp://mirror.example.com/osv' is not an http(s) URL")]
    [InlineData("--source", "http://mirror.example.com/osv", "--allow-http")]
    [InlineData("--ecosystems", "../etc", "--ecosystems: '../etc' is not an OSV ecosystem name")]
    public void Bad_options_exit_2_naming_the_option(string option, string value, string message)
    {
        var update = BulwarkProcess.Run(_work.Root, "db", "update", "--db", Database, option, value);

        Assert.Equal(2, update.ExitCode);
        Assert.Contains(message, update.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(Database));
    }
}
