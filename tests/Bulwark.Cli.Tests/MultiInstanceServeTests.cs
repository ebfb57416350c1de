using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bulwark.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Bulwark.Cli.Tests;

/// <summary>
/// Two <c>bulwark serve</c> processes on one PostgreSQL database, as behind a load balancer without sticky
/// sessions: uploads to either land once, ingestion jobs queued through one are claimed by exactly one instance,
/// both answer the same, and the jobs of an instance killed with SIGKILL are finished by the other. PostgreSQL
/// only: several instances are a PostgreSQL deployment (an embedded SQLite database belongs to one process).
/// </summary>
public sealed partial class MultiInstanceServeTests(ITestOutputHelper output)
{
    private const string Project = "acme%2Fpayments";

    [Fact]
    public async Task Two_serve_processes_on_one_PostgreSQL_database_take_uploads_at_once_and_share_the_jobs()
    {
        await using var database = await ThrowawayPostgres.CreateAsync("bulwark_multi_", output);
        if (database is null)
        {
            return;
        }

        using var temp = new TempTree();
        var admin = BulwarkProcess.Run(temp.Root, "server", "create-admin", "--database", database.Connection, "--username", "admin");
        Assert.True(admin.ExitCode == 0, admin.All);
        var token = admin.StandardOutput.Split('\n').Select(l => l.Trim()).Last(l => l.StartsWith("bwk_", StringComparison.Ordinal));

        // Each instance has its own data directory (its spool): nothing but the database is shared. They start
        // together, as a deployment rolls out, and both run the migrations check at once.
        var portA = ServeProcess.FreePort();
        var portB = ServeProcess.FreePort();
        while (portB == portA)
        {
            portB = ServeProcess.FreePort();
        }

        string[] Serve(string data) => ["--data", temp.Path(data), "--database", database.Connection, "--ingestion-lease", "5"];
        var started = await StartBothAsync(temp.Root, [portA, portB], Serve("a"), Serve("b"));
        await using var a = started[0];
        await using var b = started[1];

        using var httpA = Client(a, token);
        using var httpB = Client(b, token);
        var platform = PlatformDatabase.Postgres(database.Connection);
        try
        {
            // Made through one instance, seen through the other.
            using (var project = await httpA.PostAsJsonAsync("/api/v1/projects", new { path = "acme/payments" }))
            {
                Assert.Equal(HttpStatusCode.Created, project.StatusCode);
            }

            long pipeline;
            using (var created = await httpB.PostAsJsonAsync($"/api/v1/projects/{Project}/pipelines", new { @ref = "main", commit = new string('a', 40), default_branch = true }))
            {
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                pipeline = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
            }

            // 1. Synchronous uploads, all at once, alternately to each instance: eight reports of 60 findings, each
            //    overlapping the next by 40 (findings 0-199), and the first two again to the other instance.
            var reports = Enumerable.Range(0, 8).Select(k => WriteReport(temp, $"sync-{k}.json", 60, k * 20)).ToList();
            var uploads = reports.Select((report, k) => (Report: report, Http: k % 2 == 0 ? httpA : httpB))
                .Append((Report: reports[0], Http: httpB)).Append((Report: reports[1], Http: httpA)).ToList();
            var answers = await Task.WhenAll(uploads.Select(u => UploadAsync(u.Http, pipeline, u.Report)));
            foreach (var k in new[] { 0, 1 })
            {
                // The same report to the same pipeline on both instances: stored once, the other answer says so.
                var copies = answers.Where((_, i) => uploads[i].Report == reports[k]).ToList();
                Assert.Equal(2, copies.Count);
                Assert.Single(copies, c => !c["duplicate"]!.GetValue<bool>());
                Assert.Equal(copies[0]["scans"]![0]!["id"]!.GetValue<long>(), copies[1]["scans"]![0]!["id"]!.GetValue<long>());
                Assert.Equal(copies[0]["new"]!.GetValue<int>(), copies[1]["new"]!.GetValue<int>());
            }

            var stored = answers.Where(x => !x["duplicate"]!.GetValue<bool>()).ToList();
            Assert.Equal(8, stored.Count);
            Assert.Equal(200, stored.Sum(x => x["new"]!.GetValue<int>()));
            Assert.Equal(8 * 60, stored.Sum(x => x["new"]!.GetValue<int>() + x["existing"]!.GetValue<int>()));

            // 2. Queued uploads (Prefer: respond-async), all at once, alternately: six reports of 60 findings from
            //    180 on (140 more vulnerabilities). Any instance's worker may claim any of them; exactly one does.
            var queuedReports = Enumerable.Range(0, 6).Select(k => WriteReport(temp, $"queued-{k}.json", 60, 180 + k * 20)).ToList();
            var queuedJobs = await Task.WhenAll(queuedReports.Select((report, k) => QueueAsync(k % 2 == 0 ? httpA : httpB, pipeline, report)));
            var finished = await Task.WhenAll(queuedJobs.Select((job, k) => WaitForJobAsync(k % 2 == 0 ? httpB : httpA, job)));
            Assert.All(finished, job =>
            {
                Assert.True(job["status"]!.GetValue<string>() == "succeeded", job.ToJsonString());
                Assert.Equal(1, job["attempts"]!.GetValue<int>());
                Assert.False(job["result"]!["duplicate"]!.GetValue<bool>());
            });
            Assert.Equal(140, finished.Sum(j => j["result"]!["new"]!.GetValue<int>()));
            var claims = Claims(a.Output()).Concat(Claims(b.Output())).ToList();
            Assert.All(queuedJobs, job => Assert.Single(claims, c => c.JobId == job));

            // Every job of both kinds, through either instance's API: done once, and the same answer from both.
            var allJobs = answers.Select(x => x["job_id"]!.GetValue<long>()).Concat(queuedJobs).ToList();
            Assert.Equal(allJobs.Count, allJobs.Distinct().Count());
            foreach (var id in allJobs)
            {
                var fromA = await httpA.GetFromJsonAsync<JsonObject>($"/api/v1/ingestion-jobs/{id}");
                var fromB = await httpB.GetFromJsonAsync<JsonObject>($"/api/v1/ingestion-jobs/{id}");
                Assert.Equal(fromA!.ToJsonString(), fromB!.ToJsonString());
                Assert.Equal("succeeded", fromA["status"]!.GetValue<string>());
                Assert.Equal(1, fromA["attempts"]!.GetValue<int>());
            }

            var listA = await ListUuidsAsync(httpA);
            var listB = await ListUuidsAsync(httpB);
            Assert.Equal(340, listA.Count);
            Assert.Equal(340, listA.Distinct().Count());
            Assert.Equal(listA, listB);
            var countsA = await CountsAsync(httpA);
            Assert.Equal(countsA, await CountsAsync(httpB));

            await using (var db = platform.CreateContext())
            {
                Assert.Equal(340, await db.Vulnerabilities.CountAsync());
                Assert.Equal(8 + 6, await db.Scans.CountAsync());
                Assert.Equal((8 + 6) * 60, await db.Findings.CountAsync());
                var jobs = await db.IngestionJobs.AsNoTracking().ToListAsync();
                Assert.Equal(allJobs.Order(), jobs.Select(j => j.Id).Order());
                Assert.All(jobs, j => Assert.Null(j.LeaseOwner));
                Assert.Equal(0, await db.ReportBlobs.CountAsync());
            }

            // 3. Three large reports queued through A, and A killed (SIGKILL) while it ingests one of them: B finishes
            //    every one — the queued ones at its next poll, A's once its lease has expired — each stored once.
            const int Large = 20_000;
            var largeReports = Enumerable.Range(0, 3).Select(k => WriteReport(temp, $"large-{k}.json", Large, 1_000 + k * Large)).ToList();
            var largeJobs = await Task.WhenAll(largeReports.Select(report => QueueAsync(httpA, pipeline, report)));
            var ownerA = $"{Environment.MachineName}/{a.ProcessId}/";
            long held = 0;
            await WaitUntilAsync(async () =>
            {
                await using var db = platform.CreateContext();
                held = await db.IngestionJobs
                    .Where(j => largeJobs.Contains(j.Id) && j.Status == IngestionJobStatus.Running && EF.Functions.Like(j.LeaseOwner!, ownerA + "%"))
                    .Select(j => j.Id).FirstOrDefaultAsync();
                return held != 0;
            });
            a.Kill();
            await a.WaitForExitAsync();

            var taken = await Task.WhenAll(largeJobs.Select(job => WaitForJobAsync(httpB, job)));
            Assert.All(taken, job =>
            {
                Assert.True(job["status"]!.GetValue<string>() == "succeeded", job.ToJsonString());
                Assert.Equal(Large, job["result"]!["new"]!.GetValue<int>());
                Assert.False(job["result"]!["duplicate"]!.GetValue<bool>());
            });

            // The job A died holding was taken over by B (its second start); A's work on it left nothing behind.
            Assert.Equal(2, taken.Single(j => j["id"]!.GetValue<long>() == held)["attempts"]!.GetValue<int>());
            var claimsA = Claims(a.Output()).ToList();
            var claimsB = Claims(b.Output()).ToList();
            Assert.Contains(claimsB, c => c.JobId == held && c.Attempt == 2);
            Assert.Contains(claimsA, c => c.JobId == held && c.Attempt == 1);
            // A job another instance already finished is never started again.
            foreach (var job in largeJobs)
            {
                var storedByA = a.Output().Contains($"Ingestion job {job} stored", StringComparison.Ordinal);
                Assert.Equal(storedByA ? 0 : 1, claimsB.Count(c => c.JobId == job));
            }

            var counts = await CountsAsync(httpB);
            Assert.Equal(340 + 3 * Large, counts.Sum());
            await using (var db = platform.CreateContext())
            {
                Assert.Equal(340 + 3 * Large, await db.Vulnerabilities.CountAsync());
                Assert.Equal(8 + 6 + 3, await db.Scans.CountAsync());
                Assert.Equal((8 + 6) * 60 + 3 * Large, await db.Findings.CountAsync());
                Assert.Equal(0, await db.ReportBlobs.CountAsync());
                Assert.Equal(0, await db.IngestionJobs.CountAsync(j => j.Status != IngestionJobStatus.Succeeded));
            }
        }
        catch
        {
            output.WriteLine("--- instance A ---\n" + a.Output());
            output.WriteLine("--- instance B ---\n" + b.Output());
            throw;
        }
    }

    /// <summary>Starts two instances at once; when one fails, the other is stopped before the failure is thrown.</summary>
    private static async Task<ServeProcess[]> StartBothAsync(string root, int[] ports, string[] argumentsA, string[] argumentsB)
    {
        Task<ServeProcess>[] starting = [ServeProcess.StartAsync(root, ports[0], argumentsA), ServeProcess.StartAsync(root, ports[1], argumentsB)];
        try
        {
            return await Task.WhenAll(starting);
        }
        catch
        {
            foreach (var task in starting)
            {
                if (task.IsCompletedSuccessfully)
                {
                    await (await task).DisposeAsync();
                }
            }

            throw;
        }
    }

    private static HttpClient Client(ServeProcess server, string token)
    {
        var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(3) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static string WriteReport(TempTree temp, string name, int count, int first)
    {
        var path = temp.Path(name);
        DependencyScanningReport.Write(path, count, first);
        return path;
    }

    private static async Task<JsonObject> UploadAsync(HttpClient http, long pipeline, string report)
    {
        using var content = new StreamContent(File.OpenRead(report));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync($"/api/v1/projects/{Project}/pipelines/{pipeline}/reports", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{http.BaseAddress}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["reports"]![0]!.AsObject();
    }

    /// <summary>Uploads with <c>Prefer: respond-async</c>; the job's id.</summary>
    private static async Task<long> QueueAsync(HttpClient http, long pipeline, string report)
    {
        using var content = new StreamContent(File.OpenRead(report));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/projects/{Project}/pipelines/{pipeline}/reports") { Content = content };
        request.Headers.Add("Prefer", "respond-async");
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{http.BaseAddress}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["jobs"]![0]!["job_id"]!.GetValue<long>();
    }

    private static async Task<JsonObject> WaitForJobAsync(HttpClient http, long job)
    {
        JsonObject? state = null;
        await WaitUntilAsync(async () =>
        {
            state = await http.GetFromJsonAsync<JsonObject>($"/api/v1/ingestion-jobs/{job}");
            return state!["status"]!.GetValue<string>() is "succeeded" or "failed";
        });
        return state!;
    }

    private static async Task<List<string>> ListUuidsAsync(HttpClient http)
    {
        var uuids = new List<string>();
        string? cursor = null;
        do
        {
            var page = (await http.GetFromJsonAsync<JsonObject>($"/api/v1/projects/{Project}/vulnerabilities?limit=500" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")))!;
            uuids.AddRange(page["items"]!.AsArray().Select(i => i!["uuid"]!.GetValue<string>()));
            cursor = page["next"]?.GetValue<string>();
        }
        while (cursor is not null);
        return uuids;
    }

    /// <summary>The project's open vulnerabilities per severity, as the counts endpoint answers.</summary>
    private static async Task<List<int>> CountsAsync(HttpClient http)
    {
        var counts = (await http.GetFromJsonAsync<JsonObject>($"/api/v1/projects/{Project}/vulnerabilities/counts"))!;
        return counts.Select(c => c.Value is JsonValue v && v.TryGetValue<int>(out var n) ? n : 0).ToList();
    }

    /// <summary>The jobs an instance's worker claimed, from its structured log (one JSON entry per line).</summary>
    private static IEnumerable<(long JobId, int Attempt)> Claims(string log) =>
        log.Split('\n').Select(line => ClaimLine().Match(line)).Where(m => m.Success)
            .Select(m => (long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)));

    [GeneratedRegex(@"Claimed ingestion job (\d+) \(project \d+, pipeline \d+, attempt (\d+)\)")]
    private static partial Regex ClaimLine();

    /// <summary>Polls; the deadline only stops a broken run from hanging.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition never held");
            await Task.Delay(25);
        }
    }
}
