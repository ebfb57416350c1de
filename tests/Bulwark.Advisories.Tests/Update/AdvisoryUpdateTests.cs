using Bulwark.Advisories.Storage;
using Bulwark.Advisories.Tests.Storage;
using Bulwark.Advisories.Update;
using Microsoft.Data.Sqlite;

namespace Bulwark.Advisories.Tests.Update;

/// <summary>
/// <c>db update</c> against a real HTTP server on 127.0.0.1 serving archives built from real OSV records
/// (Go, PyPI converted from YAML, crates.io).
/// </summary>
public sealed class AdvisoryUpdateTests : IAsyncLifetime
{
    private static readonly string[] Ecosystems = ["Go", "PyPI", "crates.io"];
    private readonly TempDirectory _temp = new();
    private readonly List<string> _log = [];
    private OsvMirrorServer _server = null!;

    private string Database => Path.Combine(_temp.Path, "cache", "advisories.db");

    public async Task InitializeAsync()
    {
        _server = await OsvMirrorServer.StartAsync();
        foreach (var ecosystem in Ecosystems)
        {
            _server.Publish(ecosystem, OsvArchives.Zip(TestData.Advisories, ecosystem));
        }
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    private async Task<UpdateReport> UpdateAsync(int attempts = 4, IReadOnlyList<string>? ecosystems = null, bool defaultEcosystems = false)
    {
        Assert.True(OsvMirror.TryCreate(_server.BaseUrl, allowHttp: false, out var mirror, out var error), error);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        return await AdvisoryUpdate.RunAsync(new UpdateOptions
        {
            DatabasePath = Database,
            Mirror = mirror,
            Ecosystems = defaultEcosystems ? null : ecosystems ?? Ecosystems,
            Attempts = attempts,
            RetryDelay = TimeSpan.Zero,
            Log = line => { lock (_log) { _log.Add(line); } },
        }, http);
    }

    /// <summary>Everything a lookup can see: every record id with its modified time and source.</summary>
    private List<string> Snapshot()
    {
        using var connection = new SqliteConnection($"Data Source={Database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id || ' ' || modified || ' ' || source FROM records ORDER BY id";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private static int Expected(string ecosystem) => OsvArchives.Records(TestData.Advisories, ecosystem).Count;

    [Fact]
    public async Task The_first_update_downloads_every_archive_and_imports_its_records()
    {
        var report = await UpdateAsync();

        Assert.True(report.Replaced);
        Assert.All(report.Archives, a => Assert.Equal(ArchiveStatus.Downloaded, a.Status));
        Assert.All(_server.Requests, r => Assert.Equal("", r.IfNoneMatch)); // nothing to be conditional about yet
        using var database = AdvisoryDatabase.OpenReadOnly(Database);
        var status = database.Status();
        var withdrawn = report.Archives.Sum(a => a.Import!.Withdrawn);
        Assert.Equal(Ecosystems.Sum(Expected) - withdrawn, status.Records);
        Assert.True(status.RecordsPerEcosystem["PyPI"] > 90);
        var sources = database.RemoteSources();
        Assert.Equal(["Go", "PyPI", "crates.io"], sources.Select(s => s.Ecosystem).Order(StringComparer.Ordinal));
        Assert.All(sources, s => Assert.Equal(_server[s.Ecosystem].ETag.ToString(), s.ETag));
        Assert.Equal($"{_server.BaseUrl}/crates.io/all.zip", sources.Single(s => s.Ecosystem == "crates.io").Url);
        Assert.Single(database.Match("crates.io", "time", "0.1.45")); // RUSTSEC-2020-0071
        Assert.Contains(database.RecordsFor("PyPI", "accesscontrol"), r => r.Id.StartsWith("PYSEC-", StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateFiles(Database + ".download")); // imported downloads are not kept
        Assert.False(status.IsOlderThan(DatabaseStatus.StaleAfter, DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task A_second_update_gets_304_for_every_archive_and_changes_nothing()
    {
        await UpdateAsync();
        var before = Snapshot();
        IReadOnlyList<RemoteSource> sourcesBefore;
        using (var database = AdvisoryDatabase.OpenReadOnly(Database))
        {
            sourcesBefore = database.RemoteSources();
        }

        var sent = _server.Requests.Count;
        var report = await UpdateAsync();

        Assert.False(report.Replaced);
        Assert.All(report.Archives, a => Assert.Equal(ArchiveStatus.NotModified, a.Status));
        var second = _server.Requests.Skip(sent).ToList();
        Assert.Equal(3, second.Count);
        Assert.All(second, r =>
        {
            Assert.Equal(_server[r.Ecosystem].ETag.ToString(), r.IfNoneMatch);
            Assert.Equal(_server[r.Ecosystem].LastModified.ToString("R"), r.IfModifiedSince);
            Assert.Equal(304, r.Status);
            Assert.Equal(0, r.BodyBytes);
        });
        Assert.Equal(before, Snapshot());
        using var after = AdvisoryDatabase.OpenReadOnly(Database);
        Assert.All(after.RemoteSources(), s =>
        {
            var earlier = sourcesBefore.Single(b => b.Url == s.Url);
            Assert.Equal(earlier.DownloadedAt, s.DownloadedAt);
            Assert.True(s.CheckedAt >= earlier.CheckedAt); // the check itself is remembered: the data is current as of now
        });
    }

    [Fact]
    public async Task A_server_without_etags_answers_304_to_if_modified_since()
    {
        foreach (var ecosystem in Ecosystems)
        {
            _server[ecosystem].WithoutETag = true;
        }

        await UpdateAsync();
        var before = Snapshot();
        var sent = _server.Requests.Count;
        var report = await UpdateAsync();

        Assert.False(report.Replaced);
        Assert.All(report.Archives, a => Assert.Equal(ArchiveStatus.NotModified, a.Status));
        Assert.All(_server.Requests.Skip(sent), r =>
        {
            Assert.Equal("", r.IfNoneMatch);
            Assert.Equal(_server[r.Ecosystem].LastModified.ToString("R"), r.IfModifiedSince);
            Assert.Equal(304, r.Status);
        });
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task A_changed_archive_is_downloaded_again_and_replaces_its_records_only()
    {
        await UpdateAsync();
        var pypi = OsvArchives.Records(TestData.Advisories, "PyPI");
        var (removedName, _) = pypi[0];
        var changed = pypi.Skip(1).ToList();
        _server.Publish("PyPI", OsvArchives.Zip(changed));
        var goBefore = Snapshot().Where(r => r.StartsWith("GO-", StringComparison.Ordinal)).ToList();

        var report = await UpdateAsync();

        Assert.True(report.Replaced);
        Assert.Equal(ArchiveStatus.Downloaded, report.Archives.Single(a => a.Ecosystem == "PyPI").Status);
        Assert.All(report.Archives.Where(a => a.Ecosystem != "PyPI"), a => Assert.Equal(ArchiveStatus.NotModified, a.Status));
        var after = Snapshot();
        Assert.DoesNotContain(after, r => r.StartsWith(Path.GetFileNameWithoutExtension(removedName) + " ", StringComparison.Ordinal));
        Assert.Equal(goBefore, after.Where(r => r.StartsWith("GO-", StringComparison.Ordinal)));
        using var database = AdvisoryDatabase.OpenReadOnly(Database);
        Assert.Equal(_server["PyPI"].ETag.ToString(), database.RemoteSources().Single(s => s.Ecosystem == "PyPI").ETag);
    }

    [Fact]
    public async Task A_connection_dropped_mid_body_is_resumed_with_a_range_request()
    {
        var size = _server["Go"].Zip.Length;
        _server.DropAfter("Go", size / 2);

        var report = await UpdateAsync();

        var go = report.Archives.Single(a => a.Ecosystem == "Go");
        Assert.Equal(ArchiveStatus.Downloaded, go.Status);
        Assert.InRange(go.ResumedAt, 1, size / 2);
        var requests = _server.Requests.Where(r => r.Ecosystem == "Go").ToList();
        Assert.Equal(2, requests.Count);
        Assert.True(requests[0].Dropped);
        Assert.Equal($"bytes={go.ResumedAt}-", requests[1].Range);
        Assert.Equal(_server["Go"].ETag.ToString(), requests[1].IfRange);
        Assert.Equal(206, requests[1].Status);
        Assert.True(_server.BodyBytesSent("Go") < size * 3 / 2, "the archive was fetched again from the start");
        Assert.Equal(Expected("Go"), report.Archives.Single(a => a.Ecosystem == "Go").Import!.Read);
    }

    [Fact]
    public async Task A_download_broken_off_for_good_fails_keeps_the_old_database_and_the_next_update_resumes_it()
    {
        await UpdateAsync();
        var before = Snapshot();
        _server.Publish("Go", OsvArchives.Zip(OsvArchives.Records(TestData.Advisories, "Go").Skip(3)));
        var size = _server["Go"].Zip.Length;
        _server.DropAfter("Go", size / 3, times: 2);

        var failure = await Assert.ThrowsAsync<AdvisoryUpdateException>(() => UpdateAsync(attempts: 1));

        Assert.Contains($"{_server.BaseUrl}/Go/all.zip", failure.Message, StringComparison.Ordinal);
        Assert.True(failure.Message.Contains("the next update resumes", StringComparison.Ordinal), failure.ToString());
        Assert.Equal(before, Snapshot());
        Assert.Single(Directory.EnumerateFiles(Database + ".download", "*.part"));

        var report = await UpdateAsync(attempts: 1); // the server drops only requests that start from zero

        var resumed = _server.Requests.Last(r => r.Ecosystem == "Go");
        Assert.StartsWith("bytes=", resumed.Range, StringComparison.Ordinal);
        Assert.Equal(206, resumed.Status);
        Assert.True(report.Replaced);
        Assert.Equal(before.Count(r => r.StartsWith("GO-", StringComparison.Ordinal)) - 3, Snapshot().Count(r => r.StartsWith("GO-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_server_that_ignores_range_makes_the_download_start_over_from_zero()
    {
        var size = _server["crates.io"].Zip.Length;
        _server.DropAfter("crates.io", size / 2);
        _server.IgnoreRanges("crates.io");

        var report = await UpdateAsync();

        var requests = _server.Requests.Where(r => r.Ecosystem == "crates.io").ToList();
        Assert.Equal(2, requests.Count);
        Assert.StartsWith("bytes=", requests[1].Range, StringComparison.Ordinal);
        Assert.Equal(200, requests[1].Status); // the whole archive again
        Assert.Contains(_log, l => l.Contains("sent the whole archive", StringComparison.Ordinal));
        Assert.Equal(Expected("crates.io"), report.Archives.Single(a => a.Ecosystem == "crates.io").Import!.Read);
    }

    [Fact]
    public async Task A_partial_download_of_an_archive_that_changed_since_starts_over()
    {
        await UpdateAsync();
        _server.Publish("PyPI", OsvArchives.Zip(OsvArchives.Records(TestData.Advisories, "PyPI").Skip(1)));
        _server.DropAfter("PyPI", _server["PyPI"].Zip.Length / 2, times: 2);
        await Assert.ThrowsAsync<AdvisoryUpdateException>(() => UpdateAsync(attempts: 1));

        var latest = OsvArchives.Records(TestData.Advisories, "PyPI").Skip(2).ToList();
        _server.Publish("PyPI", OsvArchives.Zip(latest));
        var report = await UpdateAsync(attempts: 1);

        var last = _server.Requests.Last(r => r.Ecosystem == "PyPI");
        Assert.NotEqual(_server["PyPI"].ETag.ToString(), last.IfRange); // asked to continue the old version
        Assert.Equal(200, last.Status); // and got the new one whole
        Assert.Equal(latest.Count, report.Archives.Single(a => a.Ecosystem == "PyPI").Import!.Read);
    }

    [Fact]
    public async Task A_corrupt_archive_is_rejected_naming_the_url_and_the_old_database_stays_intact()
    {
        await UpdateAsync();
        var before = Snapshot();
        var good = _server["PyPI"].Zip;
        _server.Publish("PyPI", good[..(good.Length / 2)]); // truncated: the length and MD5 announced match, the zip does not open

        var failure = await Assert.ThrowsAsync<AdvisoryUpdateException>(() => UpdateAsync());

        Assert.Equal(new Uri($"{_server.BaseUrl}/PyPI/all.zip"), failure.Url);
        Assert.Contains("failed verification", failure.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
        using (var database = AdvisoryDatabase.OpenReadOnly(Database))
        {
            Assert.NotEqual(_server["PyPI"].ETag.ToString(), database.RemoteSources().Single(s => s.Ecosystem == "PyPI").ETag);
        }

        Assert.Empty(Directory.EnumerateFiles(Path.GetDirectoryName(Database)!, "*.new*"));
        Assert.Empty(Directory.EnumerateFiles(Database + ".download"));
    }

    [Fact]
    public async Task An_archive_holding_a_record_that_is_not_json_is_rejected()
    {
        await UpdateAsync();
        var before = Snapshot();
        _server.Publish("crates.io", OsvArchives.Zip([.. OsvArchives.Records(TestData.Advisories, "crates.io"), ("RUSTSEC-9999-0001.json", "{ \"id\": \"RUSTSEC-9999-0001\", ")]));

        var failure = await Assert.ThrowsAsync<AdvisoryUpdateException>(() => UpdateAsync());

        Assert.Contains("RUSTSEC-9999-0001.json", failure.Message, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", failure.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task A_download_whose_checksum_disagrees_with_the_server_is_rejected()
    {
        _server.AnnounceWrongMd5("Go");

        var failure = await Assert.ThrowsAsync<AdvisoryUpdateException>(() => UpdateAsync(attempts: 2));

        Assert.Contains("/Go/all.zip", failure.Message, StringComparison.Ordinal);
        Assert.Contains("MD5", failure.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Database));
        Assert.Equal(2, _server.Requests.Count(r => r.Ecosystem == "Go")); // started over once, then gave up
    }

    [Fact]
    public async Task A_server_error_fails_the_update_naming_the_url_and_the_old_database_stays_intact()
    {
        await UpdateAsync();
        var before = Snapshot();
        _server.Publish("Go", OsvArchives.Zip(OsvArchives.Records(TestData.Advisories, "Go").Skip(1)));
        _server.Fail("Go", 500);

        var failure = await Assert.ThrowsAsync<AdvisoryUpdateException>(() => UpdateAsync(attempts: 3));

        Assert.Equal($"{_server.BaseUrl}/Go/all.zip", failure.Url!.ToString());
        Assert.Contains("HTTP 500", failure.Message, StringComparison.Ordinal);
        Assert.Equal(3, _server.Requests.Count(r => r.Ecosystem == "Go" && r.Status == 500)); // 5xx is retried, then given up
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task A_transient_server_error_is_retried()
    {
        _server.Fail("PyPI", 503, times: 1);

        var report = await UpdateAsync();

        Assert.Equal(ArchiveStatus.Downloaded, report.Archives.Single(a => a.Ecosystem == "PyPI").Status);
    }

    [Fact]
    public async Task An_ecosystem_the_mirror_does_not_publish_fails_when_named_and_is_skipped_by_default()
    {
        var named = await Assert.ThrowsAsync<AdvisoryUpdateException>(() => UpdateAsync(ecosystems: ["Go", "NoSuchEcosystem"]));
        Assert.Contains("HTTP 404", named.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Database));

        await UpdateAsync(); // the database now holds Go, PyPI and crates.io
        var byDefault = await UpdateAsync(defaultEcosystems: true);
        Assert.Equal(["Go", "PyPI", "crates.io"], byDefault.Archives.Select(a => a.Ecosystem).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_reader_of_the_old_database_keeps_reading_it_while_the_new_one_is_swapped_in()
    {
        await UpdateAsync();
        var pypi = OsvArchives.Records(TestData.Advisories, "PyPI");
        var removed = System.Text.Json.JsonDocument.Parse(pypi[^1].Json).RootElement.GetProperty("affected")[0].GetProperty("package").GetProperty("name").GetString()!;
        using var reader = AdvisoryDatabase.OpenReadOnly(Database);

        _server.Publish("PyPI", OsvArchives.Zip(pypi.Take(1)));
        var report = await UpdateAsync();

        Assert.True(report.Replaced);
        Assert.NotEmpty(reader.RecordsFor("PyPI", removed)); // first asked after the swap: still the old file
        using var fresh = AdvisoryDatabase.OpenReadOnly(Database);
        Assert.Empty(fresh.RecordsFor("PyPI", removed));
        Assert.NotEmpty(fresh.RecordsFor("crates.io", "time"));
    }

    [Fact]
    public async Task A_second_writer_is_refused_while_an_update_holds_the_database()
    {
        using var held = DatabaseLock.Acquire(Database);

        var error = await Assert.ThrowsAsync<AdvisoryDatabaseException>(() => UpdateAsync());

        Assert.Contains("another bulwark process", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_database_is_rebuilt_from_the_downloads()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Database)!);
        await File.WriteAllTextAsync(Database, "not a database, but long enough to look like a damaged header page of one");

        var report = await UpdateAsync();

        Assert.NotNull(report.RebuiltBecause);
        using var database = AdvisoryDatabase.OpenReadOnly(Database);
        Assert.Equal(3, database.RemoteSources().Count);
    }
}
