using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bulwark.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Bulwark.Cli.Tests;

/// <summary>
/// <c>bulwark serve</c> killed with SIGKILL in the middle of an ingestion: the database holds nothing of the
/// report (no partial scan, no orphan finding), and after a restart the stored job and the client's retried
/// upload complete it — once.
/// </summary>
public sealed class ServeCrashTests(ITestOutputHelper output)
{
    private const int Findings = 30_000;

    [Fact]
    public Task Sqlite_survives_a_SIGKILL_mid_ingestion() => RunAsync(database: null);

    [Fact]
    public async Task Postgres_survives_a_SIGKILL_mid_ingestion()
    {
        await using var database = await ThrowawayPostgres.CreateAsync("bulwark_crash_", output);
        if (database is not null)
        {
            await RunAsync(database.Connection);
        }
    }

    private async Task RunAsync(string? database)
    {
        using var temp = new TempTree();
        var data = Path.Combine(temp.Root, "data");
        var databaseArgs = database is null ? Array.Empty<string>() : ["--database", database];
        var admin = BulwarkProcess.Run(temp.Root, ["server", "create-admin", "--data", data, "--username", "admin", .. databaseArgs]);
        Assert.True(admin.ExitCode == 0, admin.All);
        var token = admin.StandardOutput.Split('\n').Select(l => l.Trim()).Last(l => l.StartsWith("bwk_", StringComparison.Ordinal));

        var platform = database is null ? PlatformDatabase.Sqlite(data) : PlatformDatabase.Postgres(database);
        var report = Path.Combine(temp.Root, "gl-dependency-scanning-report.json");
        DependencyScanningReport.Write(report, Findings);

        var port = ServeProcess.FreePort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(3) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        string[] serve = ["--data", data, "--ingestion-lease", "2", .. databaseArgs];

        long pipeline;
        await using (var doomed = await ServeProcess.StartAsync(temp.Root, port, serve))
        {
            using (var project = await http.PostAsJsonAsync("/api/v1/projects", new { path = "acme/payments" }))
            {
                Assert.Equal(HttpStatusCode.Created, project.StatusCode);
            }

            using (var created2 = await http.PostAsJsonAsync("/api/v1/projects/acme%2Fpayments/pipelines", new { @ref = "main", commit = new string('a', 40), default_branch = true }))
            {
                pipeline = (await created2.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
            }

            // The upload is stored, claimed and being ingested when the process is killed.
            var upload = UploadAsync(http, pipeline, report);
            await WaitUntilAsync(async () =>
            {
                await using var db = platform.CreateContext();
                return await db.IngestionJobs.AnyAsync(j => j.Status == IngestionJobStatus.Running);
            });
            await Task.Delay(500);
            doomed.Kill();
            await doomed.WaitForExitAsync();
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => upload);
        }

        await using (var db = platform.CreateContext())
        {
            Assert.Equal(0, await db.Scans.CountAsync());
            Assert.Equal(0, await db.Findings.CountAsync());
            Assert.Equal(0, await db.Vulnerabilities.CountAsync());
            Assert.Equal(0, await db.Activities.CountAsync());
            var job = await db.IngestionJobs.SingleAsync();
            Assert.Equal(IngestionJobStatus.Running, job.Status); // left behind by the dead instance, with its file
            Assert.Equal(new FileInfo(report).Length, job.Size);
            Assert.True(await db.ReportBlobs.CountAsync() > 0);
        }

        await using var restarted = await ServeProcess.StartAsync(temp.Root, port, serve);
        try
        {
            // The client retries; the restarted instance also takes the dead one's job over. Either way, once.
            using var retried = await UploadAsync(http, pipeline, report);
            var body = await retried.Content.ReadAsStringAsync();
            Assert.True(retried.StatusCode == HttpStatusCode.Created, $"{body}\n{restarted.Output()}");
            var answer = JsonNode.Parse(body)!["reports"]![0]!;
            Assert.Equal(Findings, answer["new"]!.GetValue<int>());

            await WaitUntilAsync(async () =>
            {
                await using var db = platform.CreateContext();
                return await db.IngestionJobs.AllAsync(j => j.Status == IngestionJobStatus.Succeeded);
            });
            await using var check = platform.CreateContext();
            Assert.Equal(1, await check.Scans.CountAsync());
            Assert.Equal(Findings, await check.Findings.CountAsync());
            Assert.Equal(Findings, await check.Vulnerabilities.CountAsync());
            Assert.Equal(0, await check.Findings.CountAsync(f => !check.Scans.Any(s => s.Id == f.ScanId)));
            Assert.Equal(2, await check.IngestionJobs.CountAsync());
            Assert.Equal(0, await check.ReportBlobs.CountAsync());
        }
        finally
        {
            restarted.Kill();
            await restarted.WaitForExitAsync();
        }
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient http, long pipeline, string report)
    {
        var content = new StreamContent(File.OpenRead(report));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await http.PostAsync($"/api/v1/projects/acme%2Fpayments/pipelines/{pipeline}/reports", content);
    }

    /// <summary>Polls; the deadline only stops a broken run from hanging.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition never held");
            await Task.Delay(25);
        }
    }
}
