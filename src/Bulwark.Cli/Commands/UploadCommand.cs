using System.CommandLine;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bulwark.Cli.Commands;

/// <summary>
/// <c>bulwark upload</c>: sends reports from a CI job to a Bulwark server. Project, ref, commit and pipeline
/// id default to what GitLab CI, GitHub Actions or Azure Pipelines put in the environment.
/// </summary>
internal static class UploadCommand
{
    public static Command Create()
    {
        var server = new Option<string?>("--server") { Description = "The server's base URL (BULWARK_SERVER).", DefaultValueFactory = _ => Env("BULWARK_SERVER") };
        var token = new Option<string?>("--token") { Description = "An access token with the developer role (BULWARK_TOKEN).", DefaultValueFactory = _ => Env("BULWARK_TOKEN") };
        var project = new Option<string?>("--project") { Description = "Project path, e.g. acme/payments (default from CI variables)." };
        var gitRef = new Option<string?>("--ref") { Description = "Branch or tag (default from CI variables)." };
        var commit = new Option<string?>("--commit") { Description = "Commit SHA (default from CI variables)." };
        var defaultBranch = new Option<bool?>("--default-branch") { Description = "The ref is the project's default branch (default: the server compares with the project's default branch, or CI says so)." };
        var pipelineId = new Option<string?>("--pipeline-id") { Description = "The CI pipeline's id: uploads with the same id go to one pipeline (default from CI variables)." };
        var files = new Argument<string[]>("files") { Description = "Report files: GitLab security reports, SARIF, CycloneDX, Trivy JSON, gitleaks JSON, bulwark.json.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("upload", "Upload security reports to a Bulwark server.\n\n" +
            "Example:\n  bulwark upload --server http://127.0.0.1:8080 --token $TOKEN --project acme/payments \\\n" +
            "      --ref main --commit $SHA --default-branch gl-*-report.json *.sarif\n\n" +
            "Exit codes: 0 every report stored; 2 usage error; 3 the server refused a report or could not be reached.")
        {
            server, token, project, gitRef, commit, defaultBranch, pipelineId, files,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var ci = CiEnvironment.Detect();
            var request = new UploadRequest(
                parse.GetValue(server),
                parse.GetValue(token),
                parse.GetValue(project) ?? ci.Project,
                parse.GetValue(gitRef) ?? ci.Ref,
                parse.GetValue(commit) ?? ci.Commit,
                parse.GetValue(defaultBranch) ?? ci.IsDefaultBranch,
                parse.GetValue(pipelineId) ?? ci.PipelineId,
                ci.Source,
                parse.GetValue(files) ?? []);
            return await RunAsync(request, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private sealed record UploadRequest(
        string? Server, string? Token, string? Project, string? Ref, string? Commit, bool? DefaultBranch, string? PipelineId, string Source, string[] Files);

    private static async Task<int> RunAsync(UploadRequest request, CancellationToken cancellationToken)
    {
        string? missing = request switch
        {
            { Server: null or "" } => "--server (or BULWARK_SERVER)",
            { Token: null or "" } => "--token (or BULWARK_TOKEN)",
            { Project: null or "" } => "--project",
            { Ref: null or "" } => "--ref",
            { Commit: null or "" } => "--commit",
            _ => null,
        };
        if (missing is not null)
        {
            Console.Error.WriteLine($"error: {missing} is required (no CI variable provides it here).");
            return ExitCodes.UsageError;
        }

        if (!Uri.TryCreate(request.Server, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            Console.Error.WriteLine($"error: --server: '{request.Server}' is not an http(s) URL.");
            return ExitCodes.UsageError;
        }

        var absent = request.Files.Where(f => !File.Exists(f)).ToList();
        if (absent.Count > 0)
        {
            Console.Error.WriteLine($"error: FILES: '{string.Join("', '", absent)}' does not exist.");
            return ExitCodes.UsageError;
        }

        using var http = new HttpClient { BaseAddress = new Uri(baseUri.ToString().TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", request.Token);
        // A report the server refuses (too large, no access) is refused before its body is sent.
        http.DefaultRequestHeaders.ExpectContinue = true;
        var projectSegment = Uri.EscapeDataString(request.Project!);
        try
        {
            using var created = await http.PostAsJsonAsync($"api/v1/projects/{projectSegment}/pipelines", new Dictionary<string, object?>
            {
                ["ref"] = request.Ref,
                ["commit"] = request.Commit,
                ["default_branch"] = request.DefaultBranch,
                ["source"] = request.Source,
                ["external_id"] = request.PipelineId,
            }, cancellationToken).ConfigureAwait(false);
            if (!created.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"error: the server refused the pipeline: {await ProblemAsync(created, cancellationToken).ConfigureAwait(false)}");
                return ExitCodes.Incomplete;
            }

            var pipeline = await created.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false);
            var pipelineId = pipeline?["id"]?.GetValue<long>() ?? 0;
            var failed = 0;
            foreach (var file in request.Files)
            {
                await using var stream = File.OpenRead(file);
                using var content = new StreamContent(stream);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var message = new HttpRequestMessage(HttpMethod.Post, $"api/v1/projects/{projectSegment}/pipelines/{pipelineId}/reports") { Content = content };
                message.Headers.Add("X-Report-Name", Path.GetFileName(file));
                using var response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    failed++;
                    Console.Error.WriteLine($"error: {file}: {await ProblemAsync(response, cancellationToken).ConfigureAwait(false)}");
                    continue;
                }

                var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false);
                var report = body?["reports"]?[0];
                Console.WriteLine($"{file}: {report?["format"]} — {report?["new"]} new, {report?["existing"]} existing, {report?["merged"]} merged, " +
                    $"{report?["no_longer_detected"]} no longer detected{(report?["duplicate"]?.GetValue<bool>() == true ? " (already uploaded)" : string.Empty)}");
            }

            return failed == 0 ? ExitCodes.Success : ExitCodes.Incomplete;
        }
        catch (HttpRequestException e)
        {
            Console.Error.WriteLine($"error: cannot reach {baseUri}: {e.Message}");
            return ExitCodes.Incomplete;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine($"error: {baseUri} did not answer in time");
            return ExitCodes.Incomplete;
        }
    }

    private static async Task<string> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var problem = JsonDocument.Parse(text);
            if (problem.RootElement.ValueKind == JsonValueKind.Object && problem.RootElement.TryGetProperty("detail", out var detail))
            {
                return $"{(int)response.StatusCode} {detail.GetString()}";
            }
        }
        catch (JsonException)
        {
        }

        return $"{(int)response.StatusCode} {response.ReasonPhrase}";
    }

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}

/// <summary>What the CI system running us says about the pipeline.</summary>
internal sealed record CiEnvironment(string? Project, string? Ref, string? Commit, bool? IsDefaultBranch, string? PipelineId, string Source)
{
    public static CiEnvironment Detect() => Detect(Environment.GetEnvironmentVariable);

    public static CiEnvironment Detect(Func<string, string?> env)
    {
        ArgumentNullException.ThrowIfNull(env);
        string? Get(string name) => env(name) is { Length: > 0 } value ? value : null;
        if (Get("GITLAB_CI") is not null)
        {
            var gitRef = Get("CI_COMMIT_REF_NAME");
            var defaultBranch = Get("CI_DEFAULT_BRANCH");
            return new(Get("CI_PROJECT_PATH"), gitRef, Get("CI_COMMIT_SHA"),
                gitRef is null || defaultBranch is null ? null : gitRef == defaultBranch, Get("CI_PIPELINE_ID"), "gitlab-ci");
        }

        if (Get("GITHUB_ACTIONS") is not null)
        {
            // Pull requests run on a merge ref; the branch is GITHUB_HEAD_REF.
            var gitRef = Get("GITHUB_HEAD_REF") ?? Get("GITHUB_REF_NAME");
            var run = Get("GITHUB_RUN_ID") is { } id ? $"{id}-{Get("GITHUB_RUN_ATTEMPT") ?? "1"}" : null;
            return new(Get("GITHUB_REPOSITORY"), gitRef, Get("GITHUB_SHA"), null, run, "github-actions");
        }

        if (Get("TF_BUILD") is not null)
        {
            var gitRef = Get("BUILD_SOURCEBRANCH") is { } branch && branch.StartsWith("refs/heads/", StringComparison.Ordinal)
                ? branch["refs/heads/".Length..]
                : Get("BUILD_SOURCEBRANCHNAME");
            var project = Get("SYSTEM_TEAMPROJECT") is { } team && Get("BUILD_REPOSITORY_NAME") is { } repo ? $"{team}/{repo}" : Get("BUILD_REPOSITORY_NAME");
            return new(project, gitRef, Get("BUILD_SOURCEVERSION"), null, Get("BUILD_BUILDID"), "azure-pipelines");
        }

        return new(null, null, null, null, null, "cli");
    }
}
