using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Bulwark.Cli.Tests;

/// <summary>
/// The quick start of docs/server.md, as a script would run it: <c>bulwark serve</c> as a real process on SQLite,
/// <c>bulwark server create-admin</c>, a project made over HTTP, reports from a real <c>bulwark scan</c> sent by
/// <c>bulwark upload</c>, and the vulnerability list read back.
/// </summary>
public sealed class ServerQuickStartTests : IAsyncLifetime
{
    // Real-shaped AWS access key id (AKIA + 16 of [A-Z2-7]); made up.
    private const string AwsKeyId = "AKIAZ7Q4MNR2XK5WPL3D";
    private const string Commit = "4f9c2d1e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e";

    private readonly TempTree _data = new();
    private readonly TempTree _tree = new();
    private readonly TempTree _reports = new();
    private ServeProcess? _server;
    private string _token = string.Empty;

    public async Task InitializeAsync()
    {
        _tree
            .File("config/deploy.env", $"REGION=eu-west-1\nAWS_ACCESS_KEY_ID={AwsKeyId}\nLOG_LEVEL=info\n")
            .File("src/app.py", "import os\n\nDB_HOST = os.environ.get('DB_HOST', 'localhost')\n");
        _server = await ServeProcess.StartAsync(_data.Root, ServeProcess.FreePort(), "--data", _data.Root);

        var admin = BulwarkProcess.Run(_data.Root, "server", "create-admin", "--data", _data.Root, "--username", "admin");
        Assert.True(admin.ExitCode == 0, admin.All);
        _token = admin.StandardOutput.TrimEnd().Split('\n')[^1].Trim();
        Assert.StartsWith("bwk_", _token, StringComparison.Ordinal);
        // The token is printed once on stdout for scripts, never in the diagnostic stream.
        Assert.DoesNotContain(_token, admin.StandardError, StringComparison.Ordinal);

        var scan = BulwarkProcess.Run(_tree.Root, "scan", _tree.Root, "--output", _reports.Root, "--format", "gitlab,sarif", "--analyzers", "secrets");
        Assert.True(scan.ExitCode == 0, scan.All);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _data.Dispose();
        _tree.Dispose();
        _reports.Dispose();
    }

    private HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = _server!.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        return client;
    }

    private string[] Reports() => [Path.Combine(_reports.Root, "gl-secret-detection-report.json"), Path.Combine(_reports.Root, "bulwark.sarif")];

    private BulwarkProcess.Outcome Upload(IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        BulwarkProcess.RunWithEnvironment(_reports.Root, environment ?? new Dictionary<string, string>(), ["upload", .. args]);

    private async Task CreateProjectAsync(string path)
    {
        using var http = Client();
        using var created = await http.PostAsync("/api/v1/projects", new StringContent($$"""{"path":"{{path}}"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task The_documented_quick_start_stores_the_scan_and_lists_it_back()
    {
        await CreateProjectAsync("acme/payments");

        var upload = Upload(null, ["--server", _server!.Address.ToString(), "--token", _token, "--project", "acme/payments",
            "--ref", "main", "--commit", Commit, "--default-branch", .. Reports()]);
        Assert.True(upload.ExitCode == 0, upload.All);
        Assert.Contains("gl-secret-detection-report.json: gitlab", upload.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("1 new", upload.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(_token, upload.All, StringComparison.Ordinal);

        using var http = Client();
        var list = await http.GetFromJsonAsync<JsonObject>("/api/v1/projects/acme%2Fpayments/vulnerabilities?severity=critical,high");
        var items = list!["items"]!.AsArray();
        Assert.True(items.Count == 1, list.ToJsonString());
        var item = items[0]!;
        Assert.Null(list["next"]?.GetValue<string>());
        foreach (var field in new[] { "id", "uuid", "title", "severity", "state", "report_type", "scanner", "identifiers", "location", "detected_at", "no_longer_detected" })
        {
            Assert.True(item.AsObject().ContainsKey(field), $"list item lacks '{field}': {item}");
        }

        Assert.Equal("secret_detection", item["report_type"]!.GetValue<string>());
        Assert.Equal("detected", item["state"]!.GetValue<string>());
        Assert.Equal("config/deploy.env", item["location"]!["file"]!.GetValue<string>());
        Assert.False(item["no_longer_detected"]!.GetValue<bool>());
        // Secrets are redacted at ingestion: the key never reaches the server's answers.
        Assert.DoesNotContain(AwsKeyId, list.ToJsonString(), StringComparison.Ordinal);
        // The SARIF of the same scan describes the same secret: it tracked to the one vulnerability above.

        var again = Upload(null, ["--server", _server.Address.ToString(), "--token", _token, "--project", "acme/payments",
            "--ref", "main", "--commit", Commit, "--default-branch", .. Reports()]);
        Assert.True(again.ExitCode == 0, again.All);
        // A new pipeline for the same commit: nothing new, the one vulnerability seen again.
        Assert.Contains("0 new, 1 existing", again.StandardOutput, StringComparison.Ordinal);
        var after = await http.GetFromJsonAsync<JsonObject>("/api/v1/projects/acme%2Fpayments/vulnerabilities");
        Assert.Single(after!["items"]!.AsArray());
    }

    [Fact]
    public async Task Upload_inside_a_GitLab_CI_job_takes_project_ref_and_commit_from_its_variables()
    {
        await CreateProjectAsync("acme/ledger");
        var gitlab = new Dictionary<string, string>
        {
            ["GITLAB_CI"] = "true",
            ["CI_PROJECT_PATH"] = "acme/ledger",
            ["CI_COMMIT_REF_NAME"] = "main",
            ["CI_DEFAULT_BRANCH"] = "main",
            ["CI_COMMIT_SHA"] = Commit,
            ["CI_PIPELINE_ID"] = "918273",
            ["BULWARK_SERVER"] = _server!.Address.ToString(),
            ["BULWARK_TOKEN"] = _token,
        };

        var upload = Upload(gitlab, Reports());
        Assert.True(upload.ExitCode == 0, upload.All);

        using var http = Client();
        var list = await http.GetFromJsonAsync<JsonObject>("/api/v1/projects/acme%2Fledger/vulnerabilities");
        Assert.Single(list!["items"]!.AsArray());

        // Same CI pipeline id: the second job's upload joins the first pipeline, and the report is not stored twice.
        var retry = Upload(gitlab, Reports()[0]);
        Assert.True(retry.ExitCode == 0, retry.All);
        Assert.Contains("already uploaded", retry.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_failures_name_the_problem_and_exit_with_the_documented_codes()
    {
        await CreateProjectAsync("acme/web");
        var server = _server!.Address.ToString();

        var badToken = Upload(null, "--server", server, "--token", "bwk_notarealtoken0000000000000000", "--project", "acme/web", "--ref", "main", "--commit", Commit, Reports()[0]);
        Assert.Equal(3, badToken.ExitCode);
        Assert.Contains("401", badToken.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("bwk_notarealtoken", badToken.All, StringComparison.Ordinal);

        var noProject = Upload(null, "--server", server, "--token", _token, "--project", "acme/nope", "--ref", "main", "--commit", Commit, Reports()[0]);
        Assert.Equal(3, noProject.ExitCode);
        Assert.Contains("404", noProject.StandardError, StringComparison.Ordinal);
        Assert.Contains("acme/nope", noProject.StandardError, StringComparison.Ordinal);

        var missingFile = Upload(null, "--server", server, "--token", _token, "--project", "acme/web", "--ref", "main", "--commit", Commit, "no-such-report.json");
        Assert.Equal(2, missingFile.ExitCode);
        Assert.Contains("no-such-report.json", missingFile.StandardError, StringComparison.Ordinal);

        var garbage = Path.Combine(_reports.Root, "notes.json");
        await File.WriteAllTextAsync(garbage, """{"hello": "this is not a security report"}""");
        var unknown = Upload(null, "--server", server, "--token", _token, "--project", "acme/web", "--ref", "main", "--commit", Commit, garbage, Reports()[0]);
        Assert.Equal(3, unknown.ExitCode);
        Assert.Contains("notes.json", unknown.StandardError, StringComparison.Ordinal);
        // The good report in the same call is still stored.
        Assert.Contains("gl-secret-detection-report.json: gitlab", unknown.StandardOutput, StringComparison.Ordinal);

        var down = Upload(null, "--server", $"http://127.0.0.1:{ServeProcess.FreePort()}", "--token", _token, "--project", "acme/web", "--ref", "main", "--commit", Commit, Reports()[0]);
        Assert.Equal(3, down.ExitCode);
        Assert.Contains("cannot reach", down.StandardError, StringComparison.Ordinal);
    }
}
