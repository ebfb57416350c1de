using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Bulwark.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
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
        var server = Environment.GetEnvironmentVariable("BULWARK_TEST_PG");
        if (string.IsNullOrEmpty(server))
        {
            Assert.True(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")), "BULWARK_TEST_PG is not set in CI: .ci/run must start PostgreSQL");
            output.WriteLine("SKIPPED: PostgreSQL tests need BULWARK_TEST_PG (run: eval \"$(.ci/postgres.sh)\")");
            return;
        }

        var name = "bulwark_crash_" + Guid.NewGuid().ToString("N")[..16];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
#pragma warning disable CA2100 // DDL takes no parameters; the name is our own hex.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        try
        {
            await RunAsync(new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
#pragma warning restore CA2100
            await drop.ExecuteNonQueryAsync();
        }
    }

    private async Task RunAsync(string? database)
    {
        using var temp = new TempTree();
        var data = Path.Combine(temp.Root, "data");
        var databaseArgs = database is null ? Array.Empty<string>() : ["--database", database];
        string token;
        using (var admin = Start(temp.Root, ["server", "create-admin", "--data", data, "--username", "admin", .. databaseArgs], out var log))
        {
            Assert.True(admin.WaitForExit(TimeSpan.FromMinutes(2)));
            admin.WaitForExit();
            Assert.True(admin.ExitCode == 0, log.ToString());
            token = log.ToString().Split('\n').Select(l => l.Trim()).Last(l => l.StartsWith("bwk_", StringComparison.Ordinal));
        }

        var platform = database is null ? PlatformDatabase.Sqlite(data) : PlatformDatabase.Postgres(database);
        var report = Path.Combine(temp.Root, "gl-dependency-scanning-report.json");
        WriteReport(report, Findings);

        var port = FreePort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(3) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        string[] serve = ["serve", "--urls", $"http://127.0.0.1:{port}", "--data", data, "--ingestion-lease", "2", .. databaseArgs];

        long pipeline;
        using (var doomed = await StartAsync(temp.Root, serve, http))
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

        using var restarted = await StartAsync(temp.Root, serve, http);
        try
        {
            // The client retries; the restarted instance also takes the dead one's job over. Either way, once.
            using var retried = await UploadAsync(http, pipeline, report);
            var body = await retried.Content.ReadAsStringAsync();
            Assert.True(retried.StatusCode == HttpStatusCode.Created, body);
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

    /// <summary>
    /// The CLI as it is built and shipped (src/Bulwark.Cli/bin), whose dependency manifest carries the server's
    /// ASP.NET Core references; the copy in this test's output directory is resolved against the test's.
    /// </summary>
    private static string CliAssembly()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!.Name;
        var built = Path.GetFullPath(Path.Combine(output.FullName, "..", "..", "..", "..", "..", "src", "Bulwark.Cli", "bin", configuration, output.Name, "Bulwark.Cli.dll"));
        Assert.True(File.Exists(built), $"the CLI build is missing: {built}");
        return built;
    }

    private static Process Start(string workingDirectory, string[] args, out StringBuilder log)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(CliAssembly());
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        var lines = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (lines) { lines.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (lines) { lines.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        log = lines;
        return process;
    }

    /// <summary>A real server process (the CLI build), ready to serve; killed by the caller.</summary>
    private static async Task<ServerProcess> StartAsync(string workingDirectory, string[] args, HttpClient http)
    {
        var process = Start(workingDirectory, args, out var log);
        var server = new ServerProcess(process);
        await WaitUntilAsync(async () =>
        {
            Assert.False(process.HasExited, $"bulwark serve exited: {log}");
            try
            {
                using var ready = await http.GetAsync("/health/ready");
                return ready.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        });
        return server;
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A Gemnasium-shaped dependency scanning report with <paramref name="count"/> distinct findings.</summary>
    private static void WriteReport(string path, int count)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("{\"version\":\"15.2.1\",\"vulnerabilities\":[");
        for (var i = 0; i < count; i++)
        {
            var package = string.Create(CultureInfo.InvariantCulture, $"@acme/lib-{i}");
            var cve = string.Create(CultureInfo.InvariantCulture, $"CVE-2025-{100_000 + i}");
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"{(i == 0 ? "" : ",")}{{\"id\":\"{i}\",\"name\":\"Denial of service in {package}\",\"description\":\"{package} backtracks on crafted input.\",\"severity\":\"{(i % 3 == 0 ? "High" : "Medium")}\",\"solution\":\"Upgrade.\",\"location\":{{\"file\":\"apps/web-{i % 60}/package-lock.json\",\"dependency\":{{\"package\":{{\"name\":\"{package}\"}},\"version\":\"3.0.{i % 9}\"}}}},\"identifiers\":[{{\"type\":\"cve\",\"name\":\"{cve}\",\"value\":\"{cve}\"}}]}}"));
        }

        writer.Write("],\"scan\":{\"type\":\"dependency_scanning\",\"status\":\"success\",\"scanner\":{\"id\":\"gemnasium\",\"name\":\"Gemnasium\",\"vendor\":{\"name\":\"GitLab\"},\"version\":\"5.2.0\"}}}");
    }

    private sealed class ServerProcess(Process process) : IDisposable
    {
        public void Kill() => process.Kill(entireProcessTree: true); // SIGKILL: no shutdown hooks run

        public Task WaitForExitAsync() => process.WaitForExitAsync();

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }
    }
}
