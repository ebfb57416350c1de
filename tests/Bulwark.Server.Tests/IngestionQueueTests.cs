using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bulwark.Platform.Data;
using Bulwark.Platform.Ingestion;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Bulwark.Server.Tests;

/// <summary>
/// Several instances on one database: uploads stored as jobs any instance can finish, claimed with leases; an
/// instance that dies mid-ingestion leaves a job another takes over.
/// </summary>
public sealed class IngestionQueueTests(ITestOutputHelper output)
{
    private const string Project = "acme/payments";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_instances_on_one_database_take_concurrent_uploads_without_duplicates(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, output);
        if (database is null)
        {
            return;
        }

        await using var first = await RunningServer.StartAsync(database);
        await using var second = await RunningServer.StartAsync(database);
        await first.CreateProjectAsync(Project);
        var pipeline = await first.CreatePipelineAsync(Project, "main", Reports.Sha(1));

        // Eight reports of 60 findings, each overlapping the next by 40: 200 distinct vulnerabilities, uploaded at
        // once, alternately to each instance.
        const int Uploads = 8;
        var reports = Enumerable.Range(0, Uploads).Select(k => Reports.SastReport(60, offset: k * 20)).ToList();
        var answers = await Task.WhenAll(reports.Select(async (report, k) =>
        {
            var server = k % 2 == 0 ? first : second;
            using var response = await server.UploadAsync(Project, pipeline, report);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, body);
            return JsonNode.Parse(body)!["reports"]![0]!.AsObject();
        }));

        Assert.Equal(200, answers.Sum(a => a["new"]!.GetValue<int>()));
        Assert.Equal(Uploads * 60, answers.Sum(a => a["new"]!.GetValue<int>() + a["existing"]!.GetValue<int>()));
        Assert.All(answers, a => Assert.Equal(0, a["no_longer_detected"]!.GetValue<int>()));

        foreach (var server in new[] { first, second })
        {
            var items = await server.ListAllAsync(Project, limit: 500);
            Assert.Equal(200, items.Count);
            Assert.Equal(200, items.Select(i => i["uuid"]!.GetValue<string>()).Distinct().Count());
        }

        await using var db = first.Database.CreateContext();
        Assert.Equal(200, await db.Vulnerabilities.CountAsync());
        Assert.Equal(Uploads, await db.Scans.CountAsync());
        Assert.Equal(Uploads * 60, await db.Findings.CountAsync());
        var jobs = await db.IngestionJobs.ToListAsync();
        Assert.Equal(Uploads, jobs.Count);
        Assert.All(jobs, j =>
        {
            Assert.Equal(IngestionJobStatus.Succeeded, j.Status);
            Assert.Null(j.LeaseOwner);
            Assert.NotNull(j.Result);
        });
        Assert.Equal(answers.Select(a => a["job_id"]!.GetValue<long>()).Order(), jobs.Select(j => j.Id).Order());
        Assert.Equal(0, await db.ReportBlobs.CountAsync()); // stored files go once ingested
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_job_whose_instance_died_is_taken_over_once_its_lease_expires(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, output);
        if (database is null)
        {
            return;
        }

        await using var survivor = await RunningServer.StartAsync(database, ingestion: new IngestionQueueOptions
        {
            Owner = "survivor", PollInterval = TimeSpan.FromMilliseconds(100),
        });
        var projectId = await survivor.CreateProjectAsync(Project);
        var pipeline = await survivor.CreatePipelineAsync(Project, "main", Reports.Sha(1));

        // An instance received the upload, claimed it, and died before finishing: its job is running, its lease
        // not renewed.
        var dead = new IngestionQueue(survivor.Database, TimeProvider.System, new IngestionQueueOptions { Owner = "dead", Lease = TimeSpan.FromHours(1) });
        var job = await dead.BeginAsync(projectId, pipeline, "gl-sast-report.json", CancellationToken.None);
        var report = Reports.SastReport(150);
        await using (var writer = dead.OpenWriter(job))
        {
            await writer.WriteAsync(report, CancellationToken.None);
            await writer.CompleteAsync(CancellationToken.None);
        }

        Assert.True(await dead.ReceivedAsync(job, report.Length, claim: true, CancellationToken.None));

        // While the lease holds, nobody else may take it.
        var bystander = new IngestionQueue(survivor.Database, TimeProvider.System, new IngestionQueueOptions { Owner = "bystander" });
        Assert.Null(await bystander.ClaimNextAsync(CancellationToken.None));

        // The lease runs out (as if an hour passed): the survivor's worker takes the job over and finishes it.
        await using (var db = survivor.Database.CreateContext())
        {
            await db.IngestionJobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(u => u.SetProperty(j => j.LeaseExpiresAt, DateTime.UtcNow.AddSeconds(-1)));
        }

        var finished = await WaitForJobAsync(survivor, job.Id);
        Assert.Equal("succeeded", finished["status"]!.GetValue<string>());
        Assert.Equal(2, finished["attempts"]!.GetValue<int>());
        Assert.Equal(150, finished["result"]!["new"]!.GetValue<int>());
        Assert.Equal(150, (await survivor.ListAllAsync(Project, limit: 500)).Count);

        // The dead instance's lease is gone: had it come back, it could not record anything over the survivor's result.
        Assert.False(await dead.RenewAsync(job.Id, CancellationToken.None));
        Assert.False(await dead.SucceededAsync(job.Id, "{}", CancellationToken.None));
        await using (var db = survivor.Database.CreateContext())
        {
            Assert.Equal(0, await db.ReportBlobs.CountAsync());
            Assert.Equal(1, await db.Scans.CountAsync());
        }

        // The report uploaded again (the client of the dead instance retrying) changes nothing.
        var again = await survivor.UploadOkAsync(Project, pipeline, report);
        Assert.True(again["duplicate"]!.GetValue<bool>());
        Assert.Equal(150, again["new"]!.GetValue<int>());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_instance_never_discards_nor_takes_over_its_own_live_jobs_when_their_lease_runs_late(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, output);
        if (database is null)
        {
            return;
        }

        // The server only makes the project and pipeline: its worker looks once, at start, and then not for an hour.
        await using var server = await RunningServer.StartAsync(database, ingestion: new IngestionQueueOptions { PollInterval = TimeSpan.FromHours(1) });
        var projectId = await server.CreateProjectAsync(Project);
        var pipeline = await server.CreatePipelineAsync(Project, "main", Reports.Sha(1));
        var slow = new IngestionQueue(server.Database, TimeProvider.System, new IngestionQueueOptions { Owner = "slow" });
        var other = new IngestionQueue(server.Database, TimeProvider.System, new IngestionQueueOptions { Owner = "other" });
        var report = Reports.SastReport(20);

        // One upload still arriving and one being ingested, both renewed too late (a long SQLite write, a busy CPU).
        var arriving = await slow.BeginAsync(projectId, pipeline, "arriving.json", CancellationToken.None);
        await using var writer = slow.OpenWriter(arriving);
        await writer.WriteAsync(new byte[IngestionQueue.SliceSize], CancellationToken.None);
        var running = await slow.BeginAsync(projectId, pipeline, "running.json", CancellationToken.None);
        await using (var runningWriter = slow.OpenWriter(running))
        {
            await runningWriter.WriteAsync(report, CancellationToken.None);
            await runningWriter.CompleteAsync(CancellationToken.None);
        }

        Assert.True(await slow.ReceivedAsync(running, report.Length, claim: true, CancellationToken.None));
        await using (var db = server.Database.CreateContext())
        {
            await db.IngestionJobs.ExecuteUpdateAsync(u => u.SetProperty(j => j.LeaseExpiresAt, DateTime.UtcNow.AddSeconds(-1)));
        }

        // Its own instance knows both are alive.
        Assert.Equal(0, await slow.DiscardBrokenUploadsAsync(CancellationToken.None));
        Assert.Null(await slow.ClaimNextAsync(CancellationToken.None));

        // Any other instance takes them for the work of a dead one: the running job is taken over, the half upload goes.
        var taken = await other.ClaimNextAsync(CancellationToken.None);
        Assert.Equal(running.Id, taken?.Id);
        Assert.Equal(2, taken!.Attempts);
        Assert.Equal(1, await other.DiscardBrokenUploadsAsync(CancellationToken.None));

        // The slow instance finds out: its next slice has no job to go to (the upload answers 503, send it again),
        // and the job it was running is no longer its own to finish.
        await Assert.ThrowsAsync<DbUpdateException>(async () =>
        {
            await writer.WriteAsync(report, CancellationToken.None);
            await writer.CompleteAsync(CancellationToken.None);
        });
        Assert.False(await slow.ReceivedAsync(arriving, IngestionQueue.SliceSize, claim: true, CancellationToken.None));
        Assert.False(await slow.SucceededAsync(running.Id, "{}", CancellationToken.None));
        Assert.True(await other.SucceededAsync(running.Id, "{}", CancellationToken.None));

        // A job its instance stopped holding without recording it (the database was away) is taken over once its
        // lease expires, by that instance too.
        var dropped = await slow.BeginAsync(projectId, pipeline, "dropped.json", CancellationToken.None);
        await using (var droppedWriter = slow.OpenWriter(dropped))
        {
            await droppedWriter.WriteAsync(report, CancellationToken.None);
            await droppedWriter.CompleteAsync(CancellationToken.None);
        }

        Assert.True(await slow.ReceivedAsync(dropped, report.Length, claim: true, CancellationToken.None));
        await slow.ReleaseAsync(dropped.Id, "test", new CancellationToken(canceled: true)).ContinueWith(_ => { }, TaskScheduler.Default);
        await using (var db = server.Database.CreateContext())
        {
            await db.IngestionJobs.Where(j => j.Id == dropped.Id).ExecuteUpdateAsync(u => u.SetProperty(j => j.LeaseExpiresAt, DateTime.UtcNow.AddSeconds(-1)));
        }

        Assert.Equal(dropped.Id, (await slow.ClaimNextAsync(CancellationToken.None))?.Id);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_upload_that_asks_to_respond_async_is_queued_and_finished_by_a_worker(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, output);
        if (database is null)
        {
            return;
        }

        await using var server = await RunningServer.StartAsync(database, ingestion: new IngestionQueueOptions { PollInterval = TimeSpan.FromMilliseconds(200) });
        await server.CreateProjectAsync(Project);
        var pipeline = await server.CreatePipelineAsync(Project, "main", Reports.Sha(1));

        using var content = new ByteArrayContent(Reports.SastReport(40));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/projects/{Uri.EscapeDataString(Project)}/pipelines/{pipeline}/reports") { Content = content };
        request.Headers.Add("Prefer", "respond-async");
        using var response = await server.Admin.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        var queued = JsonNode.Parse(body)!["jobs"]![0]!;
        Assert.Equal("queued", queued["status"]!.GetValue<string>());

        var finished = await WaitForJobAsync(server, queued["job_id"]!.GetValue<long>());
        Assert.Equal("succeeded", finished["status"]!.GetValue<string>());
        Assert.Equal(1, finished["attempts"]!.GetValue<int>());
        Assert.Equal(40, finished["result"]!["new"]!.GetValue<int>());
        Assert.Equal(40, (await server.ListAllAsync(Project, limit: 500)).Count);

        // A refused report queued the same way ends failed, with the reason.
        using var bad = new ByteArrayContent("{\"version\":\"15.0.0\",\"vulnerabilities\":[{\"id\":1}]"u8.ToArray());
        bad.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var badRequest = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/projects/{Uri.EscapeDataString(Project)}/pipelines/{pipeline}/reports") { Content = bad };
        badRequest.Headers.Add("Prefer", "respond-async");
        using var badResponse = await server.Admin.SendAsync(badRequest);
        Assert.Equal(HttpStatusCode.Accepted, badResponse.StatusCode);
        var badJob = (await badResponse.Content.ReadFromJsonAsync<JsonObject>())!["jobs"]![0]!["job_id"]!.GetValue<long>();
        var failed = await WaitForJobAsync(server, badJob);
        Assert.Equal("failed", failed["status"]!.GetValue<string>());
        Assert.StartsWith("report: ", failed["error"]!.GetValue<string>(), StringComparison.Ordinal);

        // Nobody without access learns about a job.
        using var anonymous = server.Client(null);
        using var denied = await anonymous.GetAsync($"/api/v1/ingestion-jobs/{badJob}");
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        using var missing = await server.Admin.GetAsync("/api/v1/ingestion-jobs/999999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    /// <summary>Polls the job until it is done; the deadline only stops a broken run from hanging.</summary>
    private static async Task<JsonObject> WaitForJobAsync(RunningServer server, long jobId)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var job = (await server.Admin.GetFromJsonAsync<JsonObject>($"/api/v1/ingestion-jobs/{jobId}"))!;
            var status = job["status"]!.GetValue<string>();
            if (status is "succeeded" or "failed" || DateTime.UtcNow > deadline)
            {
                return job;
            }

            await Task.Delay(100);
        }
    }
}
