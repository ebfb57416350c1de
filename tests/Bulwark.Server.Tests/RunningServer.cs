using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bulwark.Platform.Access;
using Bulwark.Platform.Data;
using Bulwark.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bulwark.Server.Tests;

/// <summary>A real server on Kestrel, on a free loopback port, over a <see cref="TestDatabase"/>.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private TestDatabase? _ownDatabase;

    private RunningServer(WebApplication app, ServerOptions options, Uri address, string adminToken)
    {
        _app = app;
        Options = options;
        Address = address;
        AdminToken = adminToken;
        Admin = Client(adminToken);
    }

    public ServerOptions Options { get; }

    public Uri Address { get; }

    public string AdminToken { get; }

    public HttpClient Admin { get; }

    public PlatformDatabase Database => BulwarkServer.DatabaseFor(Options);

    /// <summary>The running app's services (its endpoint data source, for tests that check every endpoint).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// A server on a fresh database of <paramref name="provider"/> that it drops when disposed: the usual start of a
    /// test that runs on SQLite and PostgreSQL. Null when PostgreSQL is not configured outside CI (the test returns).
    /// </summary>
    public static async Task<RunningServer?> OnFreshDatabaseAsync(string provider, Xunit.Abstractions.ITestOutputHelper output)
    {
        var database = await TestDatabase.CreateAsync(provider, output);
        if (database is null)
        {
            return null;
        }

        try
        {
            var server = await StartAsync(database);
            server._ownDatabase = database;
            return server;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    public static async Task<RunningServer> StartAsync(
        TestDatabase database, long maxReportBytes = 64L * 1024 * 1024, Bulwark.Platform.Ingestion.IngestionQueueOptions? ingestion = null,
        Func<ServerOptions, ServerOptions>? configure = null, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        var options = new ServerOptions
        {
            Urls = "http://127.0.0.1:0",
            DataDirectory = database.DataDirectory,
            Database = database.Connection,
            MaxReportBytes = maxReportBytes,
            Ingestion = ingestion ?? new(),
        };
        options = configure?.Invoke(options) ?? options;
        await BulwarkServer.MigrateAsync(options);
        var app = BulwarkServer.Build(options, logging ?? (l => l.SetMinimumLevel(LogLevel.Warning)));
        await BulwarkServer.StartAsync(app, options);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var (_, token) = await Administrators.CreateAsync(BulwarkServer.DatabaseFor(options), "admin", null, DateTime.UtcNow);
        return new RunningServer(app, options, new Uri(address), token);
    }

    public HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(5) };
        // As the CLI does: a refused upload (413, 401) is answered before its body is sent.
        client.DefaultRequestHeaders.ExpectContinue = true;
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async Task<long> CreateProjectAsync(string path, string defaultBranch = "main")
    {
        using var response = await Admin.PostAsJsonAsync("/api/v1/projects", new { path, default_branch = defaultBranch });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }

    public async Task<long> CreatePipelineAsync(string project, string gitRef, string commit, bool? defaultBranch = null, HttpClient? client = null)
    {
        using var response = await (client ?? Admin).PostAsJsonAsync($"/api/v1/projects/{Uri.EscapeDataString(project)}/pipelines",
            new { @ref = gitRef, commit, default_branch = defaultBranch });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }

    public async Task<HttpResponseMessage> UploadAsync(string project, long pipeline, byte[] report, HttpClient? client = null, string contentType = "application/json")
    {
        var content = new ByteArrayContent(report);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return await (client ?? Admin).PostAsync($"/api/v1/projects/{Uri.EscapeDataString(project)}/pipelines/{pipeline}/reports", content);
    }

    public async Task<JsonObject> UploadOkAsync(string project, long pipeline, byte[] report)
    {
        using var response = await UploadAsync(project, pipeline, report);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, body);
        return (JsonNode.Parse(body)!["reports"]![0] as JsonObject)!;
    }

    /// <summary>Every vulnerability of a project, following the cursor to the end.</summary>
    public async Task<List<JsonObject>> ListAllAsync(string project, string query = "", int limit = 100)
    {
        var items = new List<JsonObject>();
        string? cursor = null;
        do
        {
            var url = $"/api/v1/projects/{Uri.EscapeDataString(project)}/vulnerabilities?limit={limit}{query}" + (cursor is null ? string.Empty : $"&cursor={cursor}");
            var page = await Admin.GetFromJsonAsync<JsonObject>(url);
            items.AddRange(page!["items"]!.AsArray().Select(i => i!.AsObject()));
            cursor = page["next"]?.GetValue<string>();
        }
        while (cursor is not null);
        return items;
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownDatabase is not null)
        {
            await _ownDatabase.DisposeAsync();
        }
    }
}
